package io.hyperlocal.sim.federation;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.Site;
import io.hyperlocal.engines.simulated.model.PseudoTokens;
import io.hyperlocal.routing.Candidate;
import io.hyperlocal.routing.ObservedLoad;
import io.hyperlocal.routing.RequesterJurisdiction;
import io.hyperlocal.routing.RequesterLocation;
import io.hyperlocal.routing.ResidencyPolicy;
import io.hyperlocal.routing.RoutingRequest;
import io.hyperlocal.sim.SimTime;
import io.hyperlocal.sim.Simulation;
import io.hyperlocal.sim.engine.EngineListener;
import io.hyperlocal.sim.engine.SimEngine;
import io.hyperlocal.sim.policy.Fleet;
import io.hyperlocal.sim.policy.RoutingPolicy;
import io.hyperlocal.sim.report.Metrics;
import io.hyperlocal.sim.scenario.Failure;
import io.hyperlocal.sim.scenario.Population;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.SiteSpec;
import io.hyperlocal.sim.workload.SimRequest;
import io.hyperlocal.sim.workload.Traffic;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The simulated federation: sites of engines, the gateway's view of them (load reports with a lag,
 * health), the failures the scenario schedules, and the path of a request: routed by the policy,
 * checked against residency independently, served by an engine, measured.
 *
 * <p>Single-threaded, on the simulation loop. Implements the {@link Fleet} view the policies read.
 * Larger than most files here because the per-request path (route, check, submit, account) and the
 * gateway's view it reads stay in one place, as arrays indexed by engine: it runs once per request
 * and once per load report, tens of millions of times in a simulated day.
 */
public final class Federation implements Fleet, EngineListener {
    /** The one model every engine serves: the simulator compares placement, not model choice. */
    public static final String MODEL = "assistant";

    private final Scenario scenario;
    private final Simulation simulation;
    private final Metrics metrics;
    private final SimEngine[] engines;
    private final Site[] sites;
    private final int[][] siteEngines;
    private final long[][] rttNanos;
    // [population][narrowed ? 1 : 0]
    private final int[][][] admitted;
    private final int[][] homeSite;
    private final RequesterJurisdiction[][] requesters;
    private final RequesterLocation[] locations;
    private final ResidencyPolicy residencyPolicy;
    private final Map<Candidate, Integer> candidateEngines = new IdentityHashMap<>();
    // The gateway's view: figures of the last report, plus what it sent since.
    private final int[] reportedRunning;
    private final int[] reportedWaiting;
    private final double[] reportedKv;
    private final int[] sentSinceReport;
    private final boolean[] looksUp;
    private final boolean[] siteDown;
    private final Candidate[] candidates;
    private final List<Candidate> candidateView;
    private long reportedAt;
    private RoutingPolicy policy;
    private Traffic traffic;
    private final long[] lastTokens;
    private final long[] lastBusy;
    private long lastSampleAt;

    public Federation(Scenario scenario, Simulation simulation, Metrics metrics,
            Function<Integer, java.util.random.RandomGenerator> engineRandom) {
        this.scenario = Objects.requireNonNull(scenario, "scenario is null");
        this.simulation = Objects.requireNonNull(simulation, "simulation is null");
        this.metrics = Objects.requireNonNull(metrics, "metrics is null");
        List<SiteSpec> specs = scenario.sites();
        sites = new Site[specs.size()];
        siteEngines = new int[specs.size()][];
        List<SimEngine> built = new ArrayList<>();
        long namespace = PseudoTokens.namespace(MODEL);
        for (int s = 0; s < specs.size(); s++) {
            SiteSpec spec = specs.get(s);
            sites[s] = spec.toSite();
            siteEngines[s] = new int[spec.engines()];
            for (int e = 0; e < spec.engines(); e++) {
                int index = built.size();
                siteEngines[s][e] = index;
                built.add(new SimEngine(index, s, "e" + e, namespace, spec.limits(), spec.stepTime(),
                        engineRandom.apply(index), this));
            }
        }
        engines = built.toArray(SimEngine[]::new);
        int count = engines.length;
        reportedRunning = new int[count];
        reportedWaiting = new int[count];
        reportedKv = new double[count];
        sentSinceReport = new int[count];
        looksUp = new boolean[count];
        Arrays.fill(looksUp, true);
        siteDown = new boolean[sites.length];
        candidates = new Candidate[count];
        candidateView = Arrays.asList(candidates);
        lastTokens = new long[sites.length];
        lastBusy = new long[sites.length];
        residencyPolicy = scenario.residency().toPolicy();
        List<Population> populations = scenario.populations();
        rttNanos = new long[populations.size()][sites.length];
        admitted = new int[populations.size()][2][];
        homeSite = new int[populations.size()][2];
        requesters = new RequesterJurisdiction[populations.size()][2];
        locations = new RequesterLocation[populations.size()];
        for (int p = 0; p < populations.size(); p++) {
            Population population = populations.get(p);
            locations[p] = new RequesterLocation.InRegion(population.region(), population.location());
            for (int s = 0; s < sites.length; s++) {
                rttNanos[p][s] = Math.round(scenario.rttMillis(population, specs.get(s)) * SimTime.MILLISECOND);
            }
            requesters[p][0] = RequesterJurisdiction.of(population.country());
            requesters[p][1] = population.narrowedTo().isEmpty() ? requesters[p][0]
                    : new RequesterJurisdiction(population.country(), population.narrowedTo());
            for (int narrowed = 0; narrowed < 2; narrowed++) {
                var scope = residencyPolicy.scopeFor(requesters[p][narrowed]);
                List<Integer> allowed = new ArrayList<>();
                int home = -1;
                for (int s = 0; s < sites.length; s++) {
                    if (scope.admits(sites[s])) {
                        for (int engine : siteEngines[s]) {
                            allowed.add(engine);
                        }
                        if (home < 0 || rttNanos[p][s] < rttNanos[p][home]) {
                            home = s;
                        }
                    }
                }
                admitted[p][narrowed] = allowed.stream().mapToInt(Integer::intValue).toArray();
                homeSite[p][narrowed] = home;
            }
        }
        report(0);
    }

    /** Starts traffic, load reports, per-minute sampling and the scenario's failures, under {@code policy}. */
    public void start(RoutingPolicy routingPolicy, Traffic requests) {
        this.policy = Objects.requireNonNull(routingPolicy, "routingPolicy is null");
        this.traffic = Objects.requireNonNull(requests, "requests is null");
        long interval = scenario.routing().loadReportInterval().toNanos();
        long end = scenario.duration().toNanos();
        simulation.scheduleAt(interval, new Periodic(interval, end, this::report));
        simulation.scheduleAt(Math.min(SimTime.MINUTE, end), new MinuteSamples(end));
        for (Failure failure : scenario.failures()) {
            int site = siteIndex(failure.site());
            switch (failure) {
                case Failure.Crash crash -> {
                    simulation.scheduleAt(crash.at().toNanos(), sim -> crash(site));
                    simulation.scheduleAt(crash.recoverAt().toNanos(), sim -> recover(site));
                }
                case Failure.Slowdown slowdown -> {
                    simulation.scheduleAt(slowdown.from().toNanos(), sim -> slowDown(site, slowdown.factor()));
                    simulation.scheduleAt(slowdown.to().toNanos(), sim -> slowDown(site, 1));
                }
            }
        }
        traffic.start();
    }

    /** Routes a new request. */
    public void dispatch(SimRequest request) {
        metrics.arrived(request.arrival(), simulation.clock().now());
        place(request);
    }

    private boolean place(SimRequest request) {
        int engine = policy.choose(request);
        if (engine == RoutingPolicy.NONE) {
            metrics.failed(request.arrival(), simulation.clock().now());
            return false;
        }
        SimEngine chosen = engines[engine];
        // Independent of the routing module's residency code: a bug in either shows as a violation.
        if (!scenario.residency().admits(scenario.populations().get(request.population()),
                scenario.sites().get(chosen.site()), request.narrowed())) {
            metrics.residencyViolation();
        }
        if (!chosen.submit(request, simulation)) {
            // The engine's queue is full (429) or it is down: the gateway gives up on the request.
            metrics.failed(request.arrival(), simulation.clock().now());
            return false;
        }
        request.assign(engine);
        sentSinceReport[engine]++;
        candidates[engine] = candidate(engine);
        return true;
    }

    @Override
    public void firstToken(SimEngine engine, SimRequest request, long time) {
        // The TTFT is read from the request when it finishes; nothing to do per first token.
    }

    @Override
    public void finished(SimEngine engine, SimRequest request, long time) {
        int population = request.population();
        int site = engine.site();
        boolean home = site == homeSite[population][request.narrowed() ? 1 : 0];
        // The first token reached the user from the site that sent it, which a migration may have left.
        metrics.completed(request.arrival(), request.firstToken(), time, request.outputLength(),
                rttNanos[population][request.firstTokenSite()], rttNanos[population][site], home);
        if (request.attempts() > 1) {
            metrics.migrated(request.arrival());
        }
        traffic.answered(request);
    }

    private void crash(int site) {
        siteDown[site] = true;
        List<SimRequest> lost = new ArrayList<>();
        for (int engine : siteEngines[site]) {
            lost.addAll(engines[engine].crash(simulation.clock().now()));
            // Connections drop at once: the gateway knows without waiting for a report.
            looksUp[engine] = false;
            candidates[engine] = candidate(engine);
        }
        for (SimRequest request : lost) {
            if (scenario.routing().retryOnCrash()) {
                // Counted as migrated when it completes: a request moved twice is one request, and one
                // that then fails is failed, not migrated.
                place(request);
            } else {
                metrics.failed(request.arrival(), simulation.clock().now());
            }
        }
    }

    private void recover(int site) {
        siteDown[site] = false;
        for (int engine : siteEngines[site]) {
            // Back to the gateway only with its first report.
            engines[engine].recover();
        }
    }

    private void slowDown(int site, double factor) {
        for (int engine : siteEngines[site]) {
            engines[engine].slowDown(factor);
        }
    }

    private void report(long now) {
        reportedAt = now;
        for (int engine = 0; engine < engines.length; engine++) {
            SimEngine simEngine = engines[engine];
            reportedRunning[engine] = simEngine.running();
            reportedWaiting[engine] = simEngine.waiting();
            reportedKv[engine] = simEngine.kvUsage();
            sentSinceReport[engine] = 0;
            looksUp[engine] = simEngine.isUp();
            candidates[engine] = candidate(engine);
        }
    }

    /** The engines' counters since the last sample, per site: a minute, or the run's last partial minute. */
    private void sampleMinute(long now) {
        long minuteStart = lastSampleAt;
        long nanos = now - minuteStart;
        lastSampleAt = now;
        if (nanos <= 0) {
            return;
        }
        for (int site = 0; site < sites.length; site++) {
            long tokens = 0;
            long busy = 0;
            for (int engine : siteEngines[site]) {
                tokens += engines[engine].generatedTokens();
                busy += engines[engine].busyNanos(now);
            }
            metrics.siteMinute(site, minuteStart, (tokens - lastTokens[site]) / (nanos / 1e9),
                    (busy - lastBusy[site]) / (double) (nanos * siteEngines[site].length));
            lastTokens[site] = tokens;
            lastBusy[site] = busy;
        }
    }

    private Candidate candidate(int engine) {
        SimEngine simEngine = engines[engine];
        int slots = simEngine.limits().maxRunning();
        EngineLoad load = new EngineLoad(reportedRunning[engine], reportedWaiting[engine] + sentSinceReport[engine], slots,
                Math.min(1, reportedKv[engine]), 0);
        EngineHealth health = looksUp[engine] ? EngineHealth.READY : new EngineHealth.Down("site not answering");
        Candidate candidate = new Candidate(sites[simEngine.site()], simEngine.id(), Set.of(MODEL), slots, health,
                new ObservedLoad(load, instant(reportedAt)));
        Candidate previous = candidates[engine];
        if (previous != null) {
            candidateEngines.remove(previous);
        }
        candidateEngines.put(candidate, engine);
        return candidate;
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private int siteIndex(String id) {
        for (int s = 0; s < sites.length; s++) {
            if (sites[s].id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no site " + id);
    }

    // --- Fleet ---

    @Override
    public int engineCount() {
        return engines.length;
    }

    @Override
    public int siteOf(int engine) {
        return engines[engine].site();
    }

    @Override
    public boolean looksUp(int engine) {
        return looksUp[engine];
    }

    @Override
    public int[] admitted(SimRequest request) {
        return admitted[request.population()][request.narrowed() ? 1 : 0];
    }

    @Override
    public long rttNanos(SimRequest request, int site) {
        return rttNanos[request.population()][site];
    }

    @Override
    public double queuePressure(int engine) {
        return (reportedRunning[engine] + reportedWaiting[engine] + sentSinceReport[engine])
                / (double) engines[engine].limits().maxRunning();
    }

    @Override
    public double kvUsage(int engine) {
        return reportedKv[engine];
    }

    @Override
    public List<Candidate> candidates() {
        return candidateView;
    }

    @Override
    public RoutingRequest routingRequest(SimRequest request) {
        int population = request.population();
        return new RoutingRequest(Long.toString(request.id()), MODEL, requesters[population][request.narrowed() ? 1 : 0],
                locations[population], request.conversation().id(), request.blocks());
    }

    @Override
    public ResidencyPolicy residencyPolicy() {
        return residencyPolicy;
    }

    @Override
    public InstantSource clock() {
        return () -> instant(simulation.clock().now());
    }

    @Override
    public int engineOf(Candidate candidate) {
        Integer engine = candidateEngines.get(candidate);
        if (engine == null) {
            throw new IllegalStateException("candidate " + candidate.label() + " is not one of this federation's");
        }
        return engine;
    }

    // --- for the runner and tests ---

    public SimEngine[] engines() {
        return engines.clone();
    }

    public int siteCount() {
        return sites.length;
    }

    public boolean siteDown(int site) {
        return siteDown[site];
    }

    /** Samples every minute and once more at the end of the run when it ends within a minute. */
    private final class MinuteSamples implements io.hyperlocal.sim.Event {
        private final long end;

        MinuteSamples(long end) {
            this.end = end;
        }

        @Override
        public void fire(Simulation simulation) {
            long now = simulation.clock().now();
            sampleMinute(now);
            if (now < end) {
                simulation.scheduleAt(Math.min(now + SimTime.MINUTE, end), this);
            }
        }
    }

    /** A repeating event from its first firing to the end of the run. */
    private record Periodic(long interval, long end, java.util.function.LongConsumer action)
            implements io.hyperlocal.sim.Event {
        @Override
        public void fire(Simulation simulation) {
            long now = simulation.clock().now();
            action.accept(now);
            if (now + interval <= end) {
                simulation.schedule(interval, this);
            }
        }
    }
}
