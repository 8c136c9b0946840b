package io.hyperlocal.engines.remote;

import io.hyperlocal.core.EngineHealth;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The health of a remote server as probes and requests find it. Thread-safe.
 *
 * <ul>
 *   <li>{@code Down} after {@code failuresBeforeDown} failures in a row, until the next success;
 *   <li>{@code Ready} while the last success is at most {@code staleAfter} old;
 *   <li>{@code Degraded} otherwise: nothing has answered yet, or not for a while (a probe hangs), so
 *       routing may still try it but should prefer fresher engines.
 * </ul>
 */
final class UpstreamHealth {
    private final String engineId;
    private final int failuresBeforeDown;
    private final long staleAfterNanos;
    private final LongSupplier nanoTime;
    private final long createdAt;
    private int consecutiveFailures;
    private boolean everSucceeded;
    private long lastSuccess;
    private String lastFailure = "";

    UpstreamHealth(String engineId, int failuresBeforeDown, Duration staleAfter, LongSupplier nanoTime) {
        this.engineId = Objects.requireNonNull(engineId, "engineId is null");
        this.failuresBeforeDown = failuresBeforeDown;
        this.staleAfterNanos = staleAfter.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime is null");
        this.createdAt = nanoTime.getAsLong();
    }

    synchronized void success() {
        consecutiveFailures = 0;
        everSucceeded = true;
        lastSuccess = nanoTime.getAsLong();
    }

    /** A failure that says the server cannot serve: connection error, timeout, 5xx, refused credentials. */
    synchronized void failure(String reason) {
        consecutiveFailures++;
        lastFailure = Objects.requireNonNull(reason, "reason is null");
    }

    synchronized EngineHealth health() {
        long now = nanoTime.getAsLong();
        if (consecutiveFailures >= failuresBeforeDown) {
            return new EngineHealth.Down("engine '" + engineId + "': " + consecutiveFailures
                    + " failures in a row, the last: " + lastFailure);
        }
        if (!everSucceeded) {
            return new EngineHealth.Degraded("engine '" + engineId + "': no answer from the server yet in "
                    + millis(now - createdAt) + " ms" + (lastFailure.isEmpty() ? "" : "; last failure: " + lastFailure));
        }
        if (now - lastSuccess > staleAfterNanos) {
            return new EngineHealth.Degraded("engine '" + engineId + "': last answer from the server "
                    + millis(now - lastSuccess) + " ms ago" + (lastFailure.isEmpty() ? "" : "; last failure: " + lastFailure));
        }
        return EngineHealth.READY;
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
