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
        return Duration.between(observedAt, now).compareTo(staleAfter) > 0;
    }

    /** Age of the figures at {@code now}; negative when they come from a clock ahead of ours. */
    public Duration age(Instant now) {
        return Duration.between(observedAt, now);
    }
}
