package io.hyperlocal.sim.plan;

import io.hyperlocal.engines.simulated.model.PseudoTokens;
import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import io.hyperlocal.sim.policy.PolicyName;
import io.hyperlocal.sim.report.Summary;
import io.hyperlocal.sim.run.Progress;
import io.hyperlocal.sim.run.ScenarioRunner;
import io.hyperlocal.sim.scenario.Population;
import io.hyperlocal.sim.scenario.ResidencySpec;
import io.hyperlocal.sim.scenario.RoutingSpec;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The planner's SLO check for one pool through the federation simulator: a one-site {@link Scenario}
 * whose engines are the pool's replicas (the model's preset, the scheduler limits of
 * {@link ReplicaThroughput}), one constant-rate population per demand stream at its peak rate,
 * single-turn requests with lognormal lengths around the plan's means, run by {@link ScenarioRunner}
 * under the gateway's real routing policy ({@link PolicyName#HYPERLOCAL}).
 *
 * <p><b>Quantisation by time scaling.</b> A scenario site names a preset and cannot yet run it faster
 * (its slow-down failure only goes above 1). The model's step time is the preset's × f (the
 * quantisation factor), and a run of continuous batching is invariant under a change of time unit: with
 * every step × f, arrivals at rate λ over T behave exactly as arrivals at λ·f over T / f with
 * unscaled steps, all latencies / f. So the scenario runs the unscaled preset at the peak rate × f for
 * (warm-up + window) / f against the SLO / f, and latencies are scaled back by f. Only the ~1 ms local
 * round trip and the 250 ms load-report interval are not scaled, which the check can tolerate.
 *
 * <p><b>Attainment.</b> The runner measures the requests arriving after the warm-up (the fleet starts
 * with empty queues and caches) and cuts off requests still in flight at the end. About λ × (TTFT + completion × ITL) of them are in flight at the end even
 * when the SLO holds (Little's law); unfinished requests beyond that are counted as misses, as are
 * requests the gateway refused. Attainment = good / (completed + refused + excess unfinished).
 */
public final class FederationPoolSimulation {
    /** vLLM-like queue bound per engine: beyond it the engine answers 429 and the request counts as a miss. */
    static final int MAX_WAITING = 4096;

    private FederationPoolSimulation() {}

    public static PoolCheckResult run(PoolPlan pool, int replicas, Slo slo, CheckSettings settings) {
        if (pool.peakRequestsPerSecond() == 0) {
            // No demand, nothing to miss; a scenario without traffic would be refused anyway.
            return new PoolCheckResult(pool.site(), pool.model().name(), replicas, 0, 0, 0, 0, 0, 0, 0, 0, 1, true, 0, 0);
        }
        double f = pool.model().stepTimeFactor() * pool.model().preset().slowdown();
        Scenario scenario = scenario(pool, replicas, slo, settings, f);
        Summary s = ScenarioRunner.run(scenario, PolicyName.HYPERLOCAL, Progress.NONE, scale(settings.warmup(), 1 / f));
        double meanCompletion = meanCompletionTokens(pool);
        double simRate = pool.peakRequestsPerSecond() * f;
        double inFlightAtSlo = simRate * (scenario.slo().ttft().toNanos() + meanCompletion * scenario.slo().itl().toNanos()) / 1e9;
        long excess = Math.max(0, s.unfinished() - (long) Math.ceil(inFlightAtSlo));
        long good = Math.round(s.sloAttainment() * s.completed());
        long judged = s.completed() + s.failed() + excess;
        double attainment = judged == 0 ? 1 : (double) good / judged;
        return new PoolCheckResult(pool.site(), pool.model().name(), replicas, s.requests(), s.completed(),
                s.ttft().p50() * f, s.ttft().p99() * f, s.itl().p50() * f, s.itl().p99() * f, judged, good, attainment,
                attainment >= slo.attainment(), s.events(), Math.round(s.wallSeconds() * 1000));
    }

    static Scenario scenario(PoolPlan pool, int replicas, Slo slo, CheckSettings settings, double f) {
        ReplicaThroughput t = pool.throughput();
        String id = "pool";
        String country = "ZZ";
        // The pool's site stands anywhere: its requesters stand on it (1 ms round trip), residency is
        // already settled by the plan's site shares.
        double latitude = 48.86;
        double longitude = 2.35;
        SchedulerLimits limits = new SchedulerLimits(t.batch(), MAX_WAITING, Math.max(t.batch(), t.tokenBudget()), t.kvBlocks(),
                SchedulerLimits.DEFAULT_WATERMARK);
        var site = new io.hyperlocal.sim.scenario.SiteSpec(id, country, pool.site(), latitude, longitude, Set.of("POOL"), replicas,
                pool.model().preset().name(), pool.model().gpusPerReplica(), limits);
        List<Population> populations = new ArrayList<>();
        double[] flat = new double[24];
        java.util.Arrays.fill(flat, 1.0);
        for (DemandStream stream : pool.streams()) {
            double rate = stream.peakRequestsPerSecond() * f;
            if (rate <= 0) continue;
            populations.add(new Population(stream.country(), code(stream.country()), "local", latitude, longitude, 0, 0, 0, 0,
                    flat, List.of(), rate, rate, 0, Set.of()));
        }
        int maxContext = (int) Math.min(Integer.MAX_VALUE, t.kvTokens());
        Workload workload = new Workload(median(meanPromptTokens(pool), settings.lengthCv()), p90(meanPromptTokens(pool), settings.lengthCv()),
                median(meanCompletionTokens(pool), settings.lengthCv()), p90(meanCompletionTokens(pool), settings.lengthCv()),
                maxContext, 0, 0, 0, 1, 0);
        Duration duration = scale(settings.warmup().plus(settings.window()), 1 / f);
        var scenarioSlo = new io.hyperlocal.sim.scenario.Slo(scale(slo.ttft(), 1 / f), scale(slo.interToken(), 1 / f));
        long seed = settings.seed() ^ PseudoTokens.namespace(pool.site() + "/" + pool.model().name());
        return new Scenario("plan-" + id, seed, duration, List.of(site), populations,
                new ResidencySpec(Map.of(), Set.of("POOL")), Map.of(), workload, scenarioSlo, List.of(), RoutingSpec.DEFAULTS);
    }

    /** Request-weighted mean prompt tokens of the pool's streams (the scenario has one request shape). */
    static double meanPromptTokens(PoolPlan pool) {
        return weighted(pool, true);
    }

    static double meanCompletionTokens(PoolPlan pool) {
        return weighted(pool, false);
    }

    private static double weighted(PoolPlan pool, boolean prompt) {
        double rate = 0;
        double tokens = 0;
        for (DemandStream s : pool.streams()) {
            rate += s.peakRequestsPerSecond();
            tokens += s.peakRequestsPerSecond() * (prompt ? s.promptTokens() : s.completionTokens());
        }
        return rate > 0 ? tokens / rate : 1;
    }

    /** Median of the lognormal with this mean and coefficient of variation: mean / √(1 + cv²). */
    static int median(double mean, double cv) {
        return (int) Math.max(1, Math.round(mean / Math.sqrt(1 + cv * cv)));
    }

    /** 0.9 quantile of that lognormal: median × exp(1.2816 σ), σ² = ln(1 + cv²). */
    static int p90(double mean, double cv) {
        double sigma = Math.sqrt(Math.log1p(cv * cv));
        return Math.max(median(mean, cv), (int) Math.round(mean / Math.sqrt(1 + cv * cv) * Math.exp(1.2815515655446004 * sigma)));
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofNanos(Math.max(1, Math.round(d.toNanos() * factor)));
    }

    /** The scenario wants ISO-like two-letter upper-case codes; other names stand as ZZ. */
    private static String code(String country) {
        return country.matches("[A-Z]{2}") ? country : "ZZ";
    }
}
