package io.hyperlocal.routing;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import java.time.Instant;
import java.util.Optional;

/**
 * Spare capacity from live figures, and the saturation that filters a candidate out.
 *
 * <p>Score: {@code 1 - (QUEUE_SHARE * queue + KV_SHARE * kv)}, where {@code queue} is
 * {@code (running + waiting) / (maxConcurrency + queueLimit)} capped at 1 (0 idle, 1 at a full
 * queue) and {@code kv} the KV-cache use; halved for a degraded engine; 0 for stale figures, which
 * count as saturated.
 */
final class LoadScorer {
    /** Queue and KV count alike, as llm-d's default queue and kv-utilization scorers (2 and 2). */
    static final double QUEUE_SHARE = 0.5;
    static final double KV_SHARE = 0.5;

    private LoadScorer() {}

    static double score(Candidate candidate, Instant now, RoutingConfig config) {
        if (candidate.load().isStale(now, config.staleAfter())) {
            return 0;
        }
        EngineLoad figures = candidate.load().figures();
        int capacity = candidate.maxConcurrency() + config.queueLimit(candidate.maxConcurrency());
        double queue = Math.min(1, (figures.running() + figures.waiting()) / (double) capacity);
        double spare = 1 - (QUEUE_SHARE * queue + KV_SHARE * figures.kvCacheUsage());
        return switch (candidate.health()) {
            case EngineHealth.Ready ready -> spare;
            case EngineHealth.Degraded degraded -> spare / 2;
            case EngineHealth.Down down -> 0;
        };
    }

    /** Why a candidate is saturated, decided once for both {@link #saturated} and {@link #saturation}. */
    private enum Saturation {
        NONE,
        STALE,
        QUEUE_FULL
    }

    private static Saturation saturationOf(Candidate candidate, Instant now, RoutingConfig config) {
        ObservedLoad load = candidate.load();
        if (load.isStale(now, config.staleAfter())) {
            return Saturation.STALE;
        }
        return load.figures().waiting() >= config.queueLimit(candidate.maxConcurrency())
                ? Saturation.QUEUE_FULL : Saturation.NONE;
    }

    /** Whether the candidate is saturated, without writing why ({@link #saturation} does). */
    static boolean saturated(Candidate candidate, Instant now, RoutingConfig config) {
        return saturationOf(candidate, now, config) != Saturation.NONE;
    }

    /** Why the candidate is saturated (stale figures or a full queue), or empty when it is not. */
    static Optional<String> saturation(Candidate candidate, Instant now, RoutingConfig config) {
        ObservedLoad load = candidate.load();
        return switch (saturationOf(candidate, now, config)) {
            case NONE -> Optional.empty();
            case STALE -> Optional.of("load figures " + load.age(now).toMillis() + " ms old (stale after "
                    + config.staleAfter().toMillis() + " ms)");
            case QUEUE_FULL -> Optional.of("queue full: " + load.figures().waiting() + " waiting (limit "
                    + config.queueLimit(candidate.maxConcurrency()) + "), " + load.figures().running() + "/"
                    + candidate.maxConcurrency() + " running");
        };
    }
}
