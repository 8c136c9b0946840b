package io.hyperlocal.sim.plan;

import io.hyperlocal.engines.simulated.model.BatchScheduler;
import io.hyperlocal.engines.simulated.model.PseudoTokens;
import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import io.hyperlocal.engines.simulated.model.StepResult;
import io.hyperlocal.sim.LengthDistribution;
import io.hyperlocal.sim.PoissonArrivals;
import io.hyperlocal.sim.Simulation;
import io.hyperlocal.sim.Arrivals;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The planner's SLO check for one pool, built directly on the engines' {@link BatchScheduler} and the
 * simulator's {@link Simulation} loop: Poisson arrivals at the pool's peak rate, each request sent to
 * the replica with the fewest requests in it (join-shortest-queue), every replica stepping its
 * continuous batch with the model's step time (quantisation factor included). Written before the
 * federation simulator's runner existed; it stays as {@code check.simulator: scheduler} and as an
 * independent cross-check of {@link FederationPoolSimulation} (FleetCheckTest runs both).
 *
 * <p>Cost: one scheduler step per replica per step time, over warm-up + window + drain; about a second
 * of host time per few hundred thousand steps.
 */
public final class SchedulerPoolSimulation {
    private final PoolPlan pool;
    private final int replicaCount;
    private final Slo slo;
    private final CheckSettings settings;
    private final Simulation simulation;
    private final Replica[] replicas;
    private final Map<Long, Request> inFlight = new HashMap<>();
    private final double[] weights;
    private final LengthDistribution[] prompts;
    private final LengthDistribution[] completions;
    private final long windowStart;
    private long nextId;
    private int nextToken;
    private long measured;
    private long finished;
    private long met;
    private double[] ttft = new double[1024];
    private double[] interToken = new double[1024];
    private int latencies;

    private SchedulerPoolSimulation(PoolPlan pool, int replicaCount, Slo slo, CheckSettings settings) {
        this.pool = pool;
        this.replicaCount = replicaCount;
        this.slo = slo;
        this.settings = settings;
        this.simulation = Simulation.seeded(settings.seed() ^ PseudoTokens.namespace(pool.site() + "/" + pool.model().name()));
        ReplicaThroughput t = pool.throughput();
        SchedulerLimits limits = new SchedulerLimits(t.batch(), Integer.MAX_VALUE / 4, Math.max(t.batch(), t.tokenBudget()),
                t.kvBlocks(), SchedulerLimits.DEFAULT_WATERMARK);
        this.replicas = new Replica[replicaCount];
        for (int i = 0; i < replicaCount; i++) {
            replicas[i] = new Replica(new BatchScheduler(limits, t.stepTime(), simulation.random()));
        }
        List<DemandStream> streams = pool.streams();
        weights = new double[streams.size()];
        prompts = new LengthDistribution[streams.size()];
        completions = new LengthDistribution[streams.size()];
        // Each length may take up to half the KV cache, so one request always fits in it.
        long maxLength = Math.max(1, t.kvTokens() / 2);
        for (int i = 0; i < streams.size(); i++) {
            DemandStream s = streams.get(i);
            weights[i] = s.peakRequestsPerSecond();
            prompts[i] = lengths(Math.max(1, s.promptTokens()), settings.lengthCv(), maxLength);
            completions[i] = lengths(s.completionTokens(), settings.lengthCv(), maxLength);
        }
        this.windowStart = settings.warmup().toNanos();
    }

    /** Simulates {@code pool} with {@code replicas} replicas (the planned count or another) at its peak rate. */
    public static PoolCheckResult run(PoolPlan pool, int replicas, Slo slo, CheckSettings settings) {
        if (replicas < 1) throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
        return new SchedulerPoolSimulation(pool, replicas, slo, settings).run();
    }

    private PoolCheckResult run() {
        long started = System.nanoTime(); // host time, only to report how long the check took
        double rate = pool.peakRequestsPerSecond();
        long arrivalsEnd = windowStart + settings.window().toNanos();
        long horizon = arrivalsEnd + settings.drain().toNanos();
        if (rate > 0) {
            Arrivals.start(simulation, new PoissonArrivals(rate), arrivalsEnd, sim -> arrive());
        }
        simulation.runUntil(horizon);
        for (Request r : inFlight.values()) {
            if (r.arrival >= windowStart) record(r, horizon, false);
        }
        double[] t = Arrays.copyOf(ttft, latencies);
        double[] i = Arrays.copyOf(interToken, latencies);
        Arrays.sort(t);
        Arrays.sort(i);
        double attainment = measured == 0 ? 1 : (double) met / measured;
        return new PoolCheckResult(pool.site(), pool.model().name(), replicaCount, measured, finished,
                percentile(t, 0.50), percentile(t, 0.99), percentile(i, 0.50), percentile(i, 0.99), measured, met, attainment,
                attainment >= slo.attainment(), simulation.firedEvents(), (System.nanoTime() - started) / 1_000_000);
    }

    private void arrive() {
        RandomGenerator random = simulation.random();
        int stream = pickStream(random);
        int promptLength = (int) prompts[stream].sample(random);
        int outputLength = (int) completions[stream].sample(random);
        // Fresh token ids for every request: the check claims no prefix-cache hits.
        int[] prompt = new int[promptLength];
        for (int k = 0; k < promptLength; k++) prompt[k] = nextToken++;
        int[] output = new int[outputLength];
        for (int k = 0; k < outputLength; k++) output[k] = nextToken++;
        long id = nextId++;
        Replica target = replicas[0];
        for (Replica r : replicas) {
            if (r.outstanding < target.outstanding) target = r;
        }
        target.scheduler.submit(new io.hyperlocal.engines.simulated.model.SequenceRequest(id, 0, prompt, output));
        target.outstanding++;
        inFlight.put(id, new Request(simulation.clock().now(), target));
        if (!target.busy) step(target);
    }

    private void step(Replica replica) {
        StepResult result = replica.scheduler.step();
        if (result.sequences().isEmpty()) {
            replica.busy = false;
            return;
        }
        replica.busy = true;
        simulation.schedule(result.durationNanos(), sim -> {
            long now = sim.clock().now();
            for (StepResult.SequenceStep s : result.sequences()) {
                if (!s.emittedToken()) continue;
                Request r = inFlight.get(s.id());
                if (s.generatedTokens() == 1) r.firstToken = now;
                r.lastToken = now;
                r.generated = s.generatedTokens();
                if (s.finished()) {
                    inFlight.remove(s.id());
                    r.replica.outstanding--;
                    if (r.arrival >= windowStart) record(r, now, true);
                }
            }
            if (replica.scheduler.hasWork()) step(replica);
            else replica.busy = false;
        });
    }

    private void record(Request r, long end, boolean done) {
        measured++;
        if (done) finished++;
        double ttftNanos = (r.firstToken >= 0 ? r.firstToken : end) - r.arrival;
        double gapNanos = r.generated > 1 ? (double) (r.lastToken - r.firstToken) / (r.generated - 1) : 0;
        if (done && ttftNanos <= slo.ttft().toNanos() && gapNanos <= slo.interToken().toNanos()) met++;
        if (latencies == ttft.length) {
            ttft = Arrays.copyOf(ttft, latencies * 2);
            interToken = Arrays.copyOf(interToken, latencies * 2);
        }
        ttft[latencies] = ttftNanos / 1e6;
        interToken[latencies] = gapNanos / 1e6;
        latencies++;
    }

    private int pickStream(RandomGenerator random) {
        double total = 0;
        for (double w : weights) total += w;
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.length - 1;
    }

    private static LengthDistribution lengths(double mean, double cv, long max) {
        return LengthDistribution.ofMeanAndStandardDeviation(mean, mean * cv, max);
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static final class Replica {
        final BatchScheduler scheduler;
        boolean busy;
        int outstanding;

        Replica(BatchScheduler scheduler) {
            this.scheduler = scheduler;
        }
    }

    private static final class Request {
        final long arrival;
        final Replica replica;
        long firstToken = -1;
        long lastToken = -1;
        int generated;

        Request(long arrival, Replica replica) {
            this.arrival = arrival;
            this.replica = replica;
        }
    }
}
