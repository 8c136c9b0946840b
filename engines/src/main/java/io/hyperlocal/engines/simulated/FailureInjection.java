package io.hyperlocal.engines.simulated;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Failures a {@link SimulatedEngine} injects, as llm-d-inference-sim does and the federation needs.
 *
 * @param errorRate probability, in [0, 1], that a request fails with {@code ENGINE_FAILED} before its
 *     first token; drawn from the engine's seeded generator
 * @param crash when the engine crashes: every generation still running fails mid-stream with
 *     {@code ENGINE_FAILED}, the engine reports {@code Down} and refuses new work
 */
public record FailureInjection(double errorRate, Crash crash) {
    /** No failure. */
    public static final FailureInjection NONE = new FailureInjection(0, new Crash.Never());

    public FailureInjection {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("errorRate must be in [0, 1]: " + errorRate);
        }
        Objects.requireNonNull(crash, "crash is null");
    }

    public FailureInjection withErrorRate(double newErrorRate) {
        return new FailureInjection(newErrorRate, crash);
    }

    public FailureInjection withCrash(Crash newCrash) {
        return new FailureInjection(errorRate, newCrash);
    }

    /** When the engine crashes. */
    public sealed interface Crash {
        record Never() implements Crash {}

        /** {@code delay} after the engine starts, on its monotonic clock. */
        record After(Duration delay) implements Crash {
            public After {
                Objects.requireNonNull(delay, "delay is null");
                if (delay.isNegative()) {
                    throw new IllegalArgumentException("delay must not be negative: " + delay);
                }
            }
        }

        /** At {@code instant} on the engine's wall clock; at once when that has passed. */
        record At(Instant instant) implements Crash {
            public At {
                Objects.requireNonNull(instant, "instant is null");
            }
        }
    }
}
