package io.hyperlocal.sim.engine;

import io.hyperlocal.engines.simulated.model.BatchScheduler;
import io.hyperlocal.engines.simulated.model.SchedulerLimits;
import io.hyperlocal.engines.simulated.model.SequenceRequest;
import io.hyperlocal.engines.simulated.model.StepResult;
import io.hyperlocal.engines.simulated.model.StepTimeModel;
import io.hyperlocal.sim.Simulation;
import io.hyperlocal.sim.workload.SimRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * One engine on the event loop: the engines module's {@link BatchScheduler} stepped by one event per
 * step, and no event at all while it has no work. A step's effects (first tokens, finished
 * sequences) become visible when the step ends, at the next event, which then computes the following
 * step. A crash bumps the generation, so the step event already queued finds itself stale and does
 * nothing; the scheduler is replaced by an empty one (the KV cache is lost with the process).
 *
 * <p>This is the simulator's hot path: one call per step, no per-token events.
 */
public final class SimEngine {
    private static final long STALLED_RETRY_NANOS = 1_000_000;

    private final int index;
    private final int site;
    private final String id;
    private final long namespace;
    private final SchedulerLimits limits;
    private final StepTimeModel stepTime;
    private final RandomGenerator random;
    private final EngineListener listener;
    private final Map<Long, SimRequest> inFlight = new HashMap<>();
    private BatchScheduler scheduler;
    private StepResult pending;
    private boolean stepping;
    private boolean up = true;
    private long generation;
    private double slowdown = 1;
    private StepTimeModel slowed;
    private long busyNanos;
    /** When the step in progress ends; its whole length is in {@link #busyNanos} from its start. */
    private long stepEnds;
    private long generatedTokens;
    private long prefillTokens;
    private long steps;
    private long queriedBefore;
    private long hitBefore;
    private long preemptionsBefore;

    public SimEngine(int index, int site, String id, long namespace, SchedulerLimits limits, StepTimeModel stepTime,
            RandomGenerator random, EngineListener listener) {
        this.index = index;
        this.site = site;
        this.id = Objects.requireNonNull(id, "id is null");
        this.namespace = namespace;
        this.limits = Objects.requireNonNull(limits, "limits is null");
        this.stepTime = Objects.requireNonNull(stepTime, "stepTime is null");
        this.random = Objects.requireNonNull(random, "random is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
        this.scheduler = new BatchScheduler(limits, stepTime, random);
    }

    /**
     * Hands a request to the engine's scheduler and wakes the engine if idle.
     *
     * @return false when the engine is down or its queue is full (the engine would answer 429 or not at all)
     */
    public boolean submit(SimRequest request, Simulation simulation) {
        if (!up) {
            return false;
        }
        boolean queued = scheduler.submit(new SequenceRequest(request.id(), namespace, request.prompt(), request.output()));
        if (!queued) {
            return false;
        }
        inFlight.put(request.id(), request);
        if (!stepping) {
            stepping = true;
            long expected = generation;
            simulation.schedule(0, sim -> fire(sim, expected));
        }
        return true;
    }

    private void fire(Simulation simulation, long expected) {
        if (expected != generation) {
            return;
        }
        long now = simulation.clock().now();
        if (pending != null) {
            apply(pending, now);
            pending = null;
        }
        if (!scheduler.hasWork()) {
            stepping = false;
            return;
        }
        StepResult result = scheduler.step();
        long duration = result.durationNanos();
        if (result.sequences().isEmpty()) {
            // Work is queued but nothing fits (cannot happen with sane limits); look again shortly rather than spin.
            duration = STALLED_RETRY_NANOS;
        } else {
            if (slowdown != 1) {
                // The scheduler's step model is fixed at construction: scale by the slowed model's ratio.
                long base = Math.max(1, stepTime.meanNanos(result.prefillTokens(), result.decodeTokens()));
                duration = Math.round(duration * (double) slowed.meanNanos(result.prefillTokens(), result.decodeTokens())
                        / base);
            }
            busyNanos += duration;
            stepEnds = now + duration;
            prefillTokens += result.prefillTokens();
            steps++;
            pending = result;
        }
        simulation.schedule(duration, sim -> fire(sim, expected));
    }

    private void apply(StepResult result, long now) {
        for (StepResult.SequenceStep step : result.sequences()) {
            if (!step.emittedToken()) {
                continue;
            }
            generatedTokens++;
            if (step.generatedTokens() == 1 || step.finished()) {
                SimRequest request = step.finished() ? inFlight.remove(step.id()) : inFlight.get(step.id());
                if (step.generatedTokens() == 1) {
                    request.firstTokenAt(now, site);
                    listener.firstToken(this, request, now);
                }
                if (step.finished()) {
                    listener.finished(this, request, now);
                }
            }
        }
    }

    /**
     * The engine dies: queued and running work is lost with its KV cache.
     *
     * @return the requests it held, in no particular order, for the caller to retry or fail
     */
    public List<SimRequest> crash(long now) {
        // The step in progress is cut short: the GPU was busy only until now.
        busyNanos -= unfinishedStepNanos(now);
        generation++;
        up = false;
        stepping = false;
        pending = null;
        List<SimRequest> lost = new ArrayList<>(inFlight.values());
        lost.sort((a, b) -> Long.compare(a.id(), b.id()));
        inFlight.clear();
        queriedBefore += scheduler.cache().queriedTokens();
        hitBefore += scheduler.cache().hitTokens();
        preemptionsBefore += scheduler.preemptions();
        scheduler = new BatchScheduler(limits, stepTime, random);
        return lost;
    }

    public void recover() {
        up = true;
    }

    /** Every later step takes {@code factor} times as long, until set back to 1. */
    public void slowDown(double factor) {
        slowdown = factor;
        slowed = stepTime.withSlowdown(factor);
    }

    public boolean isUp() {
        return up;
    }

    public int index() {
        return index;
    }

    public int site() {
        return site;
    }

    public String id() {
        return id;
    }

    public SchedulerLimits limits() {
        return limits;
    }

    public int running() {
        return scheduler.running();
    }

    public int waiting() {
        return scheduler.waiting();
    }

    public double kvUsage() {
        return scheduler.cache().usage();
    }

    public int inFlight() {
        return inFlight.size();
    }

    /** The current scheduler, to read its figures (replaced on a crash). */
    public BatchScheduler scheduler() {
        return scheduler;
    }

    /** Time spent computing steps up to {@code now}: a step in progress counts only its part so far. */
    public long busyNanos(long now) {
        return busyNanos - unfinishedStepNanos(now);
    }

    private long unfinishedStepNanos(long now) {
        return pending == null ? 0 : Math.max(0, stepEnds - now);
    }

    public long generatedTokens() {
        return generatedTokens;
    }

    public long prefillTokens() {
        return prefillTokens;
    }

    public long steps() {
        return steps;
    }

    /** Prompt tokens looked up in the prefix cache on admission, over all lives of the engine. */
    public long queriedTokens() {
        return queriedBefore + scheduler.cache().queriedTokens();
    }

    /** Prompt tokens found cached on admission, over all lives of the engine. */
    public long hitTokens() {
        return hitBefore + scheduler.cache().hitTokens();
    }

    public long preemptions() {
        return preemptionsBefore + scheduler.preemptions();
    }
}
