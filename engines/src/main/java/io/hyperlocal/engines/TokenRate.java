package io.hyperlocal.engines;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Generated tokens per second over the recent past: an exponentially decayed count, so a token
 * recorded {@code window} ago weighs {@code 1/e} of one recorded now. A steady rate {@code r}
 * reads {@code r} once it has run for a few windows; an idle engine decays towards 0. Thread-safe.
 * Time comes from an injected nanosecond clock, never from the system clock directly.
 */
public final class TokenRate {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);

    private final LongSupplier nanoTime;
    private final double windowNanos;
    private double decayedCount;
    private long lastUpdate;

    public TokenRate(LongSupplier nanoTime, Duration window) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime is null");
        Objects.requireNonNull(window, "window is null");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.windowNanos = window.toNanos();
        this.lastUpdate = nanoTime.getAsLong();
    }

    public synchronized void record(int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        decayTo(nanoTime.getAsLong());
        decayedCount += tokens;
    }

    public synchronized double perSecond() {
        decayTo(nanoTime.getAsLong());
        return decayedCount / (windowNanos / 1e9);
    }

    private void decayTo(long now) {
        long elapsed = now - lastUpdate;
        if (elapsed > 0) {
            decayedCount *= Math.exp(-elapsed / windowNanos);
            lastUpdate = now;
        }
    }
}
