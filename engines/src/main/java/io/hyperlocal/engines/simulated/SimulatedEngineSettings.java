package io.hyperlocal.engines.simulated;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SimulatedEngine} behaves.
 *
 * @param contextLength tokens (words) of context per request, at least 16
 * @param slots generations run at once, at least 1
 * @param waitingLimit requests queued for a slot before the engine refuses more, at least 0
 * @param timeToFirstToken delay from start to the first word, not negative
 * @param perTokenDelay delay between words, not negative
 * @param seed seeds the generator that draws a text seed for requests without one
 */
public record SimulatedEngineSettings(
        int contextLength, int slots, int waitingLimit, Duration timeToFirstToken, Duration perTokenDelay, long seed) {
    public static final int DEFAULT_CONTEXT_LENGTH = 4096;
    public static final int DEFAULT_SLOTS = 8;
    public static final int DEFAULT_WAITING_LIMIT = 64;
    public static final long DEFAULT_SEED = 42;

    /** 4096 words of context, 8 slots, 64 waiting, no delays, seed 42. */
    public static final SimulatedEngineSettings DEFAULTS = new SimulatedEngineSettings(DEFAULT_CONTEXT_LENGTH,
            DEFAULT_SLOTS, DEFAULT_WAITING_LIMIT, Duration.ZERO, Duration.ZERO, DEFAULT_SEED);

    public SimulatedEngineSettings {
        if (contextLength < 16) {
            throw new IllegalArgumentException("contextLength must be at least 16: " + contextLength);
        }
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1: " + slots);
        }
        if (waitingLimit < 0) {
            throw new IllegalArgumentException("waitingLimit must not be negative: " + waitingLimit);
        }
        requireNotNegative("timeToFirstToken", timeToFirstToken);
        requireNotNegative("perTokenDelay", perTokenDelay);
    }

    public SimulatedEngineSettings withSlots(int newSlots, int newWaitingLimit) {
        return new SimulatedEngineSettings(contextLength, newSlots, newWaitingLimit, timeToFirstToken, perTokenDelay,
                seed);
    }

    public SimulatedEngineSettings withDelays(Duration newTimeToFirstToken, Duration newPerTokenDelay) {
        return new SimulatedEngineSettings(contextLength, slots, waitingLimit, newTimeToFirstToken, newPerTokenDelay,
                seed);
    }

    public SimulatedEngineSettings withContextLength(int newContextLength) {
        return new SimulatedEngineSettings(newContextLength, slots, waitingLimit, timeToFirstToken, perTokenDelay,
                seed);
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
