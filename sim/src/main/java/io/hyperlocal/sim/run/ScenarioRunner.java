package io.hyperlocal.sim.run;

import io.hyperlocal.sim.SimTime;
import io.hyperlocal.sim.Simulation;
import io.hyperlocal.sim.engine.SimEngine;
import io.hyperlocal.sim.federation.Federation;
import io.hyperlocal.sim.policy.PolicyName;
import io.hyperlocal.sim.report.Metrics;
import io.hyperlocal.sim.report.Percentiles;
import io.hyperlocal.sim.report.Summary;
import io.hyperlocal.sim.scenario.Scenario;
import io.hyperlocal.sim.scenario.SiteSpec;
import io.hyperlocal.sim.workload.Traffic;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs one scenario under one policy and measures it. Each run builds its own simulation, engines and
 * policy from the scenario's seed, so runs of different policies see the same new-conversation
 * arrivals and draws (the trace), and the same seed and policy give the same summary.
 */
public final class ScenarioRunner {
    /** Simulated time between progress reports. */
    private static final long SLICE = 10 * SimTime.SECOND;

    private ScenarioRunner() {}

    /** Runs {@code scenario} under {@code policy}; see {@link Summary} for what is measured. */
    public static Summary run(Scenario scenario, PolicyName policy, Progress progress) {
        return runDetailed(scenario, policy, progress).summary();
    }

    /**
     * As {@link #run}, measuring only the requests that arrive after {@code warmUp}: the run's rates are
     * over the time after it (the planner's check, whose fleet starts with empty queues and caches).
     */
    public static Summary run(Scenario scenario, PolicyName policy, Progress progress, Duration warmUp) {
        return runDetailed(scenario, policy, progress, warmUp).summary();
    }

    /** As {@link #run}, with the per-minute series for charts. */
    public static RunResult runDetailed(Scenario scenario, PolicyName policy, Progress progress) {
        return runDetailed(scenario, policy, progress, Duration.ZERO);
    }

    private static RunResult runDetailed(Scenario scenario, PolicyName policy, Progress progress, Duration warmUp) {
        Objects.requireNonNull(scenario, "scenario is null");
        Objects.requireNonNull(policy, "policy is null");
        Objects.requireNonNull(progress, "progress is null");
        resetPeakHeap();
        long wallStart = System.nanoTime(); // wall clock for events per second only, never in the model
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long seed = scenario.seed();
        long end = scenario.duration().toNanos();
        Simulation simulation = Simulation.seeded(seed);
        Metrics metrics = new Metrics(scenario.slo(), end, scenario.sites().size(), warmUp.toNanos());
        Federation federation = new Federation(scenario, simulation, metrics,
                engine -> Simulation.randomFor(seed * 31 + 0xE461E5L + engine));
        Traffic traffic = new Traffic(scenario, simulation, federation::dispatch);
        federation.start(policy.create(federation, Simulation.randomFor(seed * 17 + 0x9011C7L)), traffic);
        for (long reached = 0; reached < end; ) {
            reached = Math.min(end, reached + SLICE);
            simulation.runUntil(reached);
            progress.update(policy.label(), reached, end, simulation.firedEvents());
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        long peakHeap = peakHeap();
        // A measurement, not a tuning: collect once so the figure is the run's live data, not its garbage.
        System.gc();
        long liveHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new RunResult(summarize(scenario, policy, federation, metrics, traffic.tooLong(), simulation.firedEvents(), wallSeconds,
                cpuSeconds, peakHeap, liveHeap),
                metrics.series(scenario.sites().stream().map(SiteSpec::id).toList()));
    }

    private static Summary summarize(Scenario scenario, PolicyName policy, Federation federation, Metrics metrics,
            long tooLong, long events, double wallSeconds, double cpuSeconds, long peakHeap, long liveHeap) {
        double seconds = SimTime.toSeconds(scenario.duration().toNanos());
        double measured = metrics.measuredSeconds();
        long queried = 0;
        long hits = 0;
        long preemptions = 0;
        long unfinished = 0;
        double busyGpuNanos = 0;
        for (SimEngine engine : federation.engines()) {
            queried += engine.queriedTokens();
            hits += engine.hitTokens();
            preemptions += engine.preemptions();
            unfinished += engine.inFlight();
            busyGpuNanos += engine.busyNanos(scenario.duration().toNanos()) * (double) scenario.sites().get(engine.site()).gpusPerEngine();
        }
        long completed = metrics.completedCount();
        return new Summary(scenario.name(), policy.label(), seconds, metrics.requests(), completed,
                metrics.failedCount(), metrics.migratedCount(), unfinished, tooLong, Percentiles.ofMicros(metrics.ttft()),
                Percentiles.ofMicros(metrics.itl()), Percentiles.ofMicros(metrics.e2e()),
                completed == 0 ? 0 : metrics.goodCount() / (double) completed, metrics.goodCount() / measured,
                completed / measured, metrics.outputTokens() / measured, queried == 0 ? 0 : hits / (double) queried,
                metrics.violations(), metrics.crossSiteCount(),
                completed == 0 ? 0 : metrics.crossSiteCount() / (double) completed, preemptions,
                busyGpuNanos / SimTime.HOUR, scenario.gpuCount() * seconds / 3600, events, wallSeconds, cpuSeconds,
                wallSeconds > 0 ? events / wallSeconds : 0, peakHeap, liveHeap);
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks since the run started: an upper bound of the peak heap in use. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
