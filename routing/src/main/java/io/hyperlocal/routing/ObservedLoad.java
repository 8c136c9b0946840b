package io.hyperlocal.routing;

import io.hyperlocal.core.EngineLoad;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Load figures of one engine and the time they were observed (heartbeat or metrics scrape). Routing
 * trusts figures only while they are fresh: older ones count as saturated, because an engine that
 * stopped reporting may be drowning.
 *
 * @param figures running, waiting, KV-cache use and tokens per second
 * @param observedAt when the figures were read, on the same clock as the router's
 */
public record ObservedLoad(EngineLoad figures, Instant observedAt) {
    public ObservedLoad {
        Objects.requireNonNull(figures, "figures is null");
        Objects.requireNonNull(observedAt, "observedAt is null");
    }

    /** Whether the figures are older than {@code staleAfter} at {@code now}. */
    public boolean isStale(Instant now, Duration staleAfter) {
        // Duration.between(observedAt, now).compareTo(staleAfter) > 0, without making the Duration:
        // routing asks this of every candidate of every decision. Instants' second differences fit a long.
        long seconds = now.getEpochSecond() - observedAt.getEpochSecond();
        int nanos = now.getNano() - observedAt.getNano();
        if (nanos < 0) {
            seconds--;
            nanos += 1_000_000_000;
        }
        return seconds != staleAfter.getSeconds() ? seconds > staleAfter.getSeconds() : nanos > staleAfter.getNano();
    }

    /** Age of the figures at {@code now}; negative when they come from a clock ahead of ours. */
    public Duration age(Instant now) {
        return Duration.between(observedAt, now);
    }
}
