package io.hyperlocal.engines.simulated.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long one engine step (one forward pass over a continuous batch) takes, after BLIS's
 * black-box model: {@code stepBase + prefillBase·[X > 0] + perPrefillToken·X + perDecodeToken·Y}, where
 * X is the number of uncached prompt tokens computed in the step and Y the number of decoding
 * sequences (one token each). The optional {@code prefillBase} is the fixed cost of a step that
 * prefills at all, the constant term of Dynamo's mocker prefill polynomial; BLIS's fits set it to 0.
 * The result is multiplied by {@code slowdown} (a gray failure: 2 means twice as slow) and, when
 * {@code jitter > 0}, by a mean-preserving lognormal factor with that coefficient of variation (as
 * Dynamo's replay mode does), drawn from a caller's generator.
 *
 * @param name a preset name, or a description
 * @param stepBase b0: fixed time of every step, not negative
 * @param prefillBase extra fixed time of a step that computes any prompt token, not negative
 * @param perPrefillToken b1: time per uncached prompt token, not negative
 * @param perDecodeToken b2: time per decoding sequence, not negative
 * @param jitter coefficient of variation of the step time, in [0, 1]; 0 for none
 * @param slowdown factor on every step, in (0, 1000]; 1 for none
 */
public record StepTimeModel(String name, Duration stepBase, Duration prefillBase, Duration perPrefillToken,
        Duration perDecodeToken, double jitter, double slowdown) {

    /** Every step takes no time: for tests and for measuring the gateway alone. */
    public static final StepTimeModel INSTANT = microseconds("instant", 0, 0, 0);

    /**
     * Llama-3.1-8B on one H100 (TP1). BLIS {@code defaults.yaml} fit: β0 5752.7, β1 17.25, β2 6.00,
     * read as microseconds, as the reference suggests (§4.4; BLIS does not state units). Cross-check:
     * a 1,000-token prefill step then takes ~23 ms, against ~32 ms on Dynamo mocker's fitted curve (§4.2).
     */
    public static final StepTimeModel LLAMA_3_1_8B_H100 = microseconds("llama-3.1-8b-h100", 5752.7, 17.25, 6.00);

    /** Llama-3.1-8B on one A100-80GB (TP1), BLIS fit: β0 16441.5, β1 47.84, β2 18.21 µs (reference §4.4). */
    public static final StepTimeModel LLAMA_3_1_8B_A100 = microseconds("llama-3.1-8b-a100", 16441.5, 47.84, 18.21);

    /**
     * Llama-3.3-70B on four H100s (TP4), BLIS fit: β0 12601.3, β1 76.42, β2 66.84 µs (reference §4.4).
     * A one-sequence decode step of ~12.7 ms sits under llm-d-sim's 25-40 ms ITL range for 70B TP4
     * (§4.1), which that document calls an order-of-magnitude estimate.
     */
    public static final StepTimeModel LLAMA_3_3_70B_H100_TP4 =
            microseconds("llama-3.3-70b-h100-tp4", 12601.3, 76.42, 66.84);

    /** Llama-3.3-70B on eight H100s (TP8), BLIS fit: β0 14140.8, β1 10.03, β2 19.40 µs (reference §4.4). */
    public static final StepTimeModel LLAMA_3_3_70B_H100_TP8 =
            microseconds("llama-3.3-70b-h100-tp8", 14140.8, 10.03, 19.40);

    /**
     * A 1B model, 4-bit, on a 16-core server CPU with llama.cpp-class kernels. No published fit exists
     * in our references, so this is a roofline estimate (BLIS's roofline model, §4.4): a decode step
     * streams ~0.75 GB of weights at ~50 GB/s, so b0 = 15 ms (~65 tokens/s for one sequence); each
     * token costs ~2.5 GFLOP at ~1 TFLOP/s of effective AVX-512 throughput, so b1 = b2 = 2.5 ms
     * (~400 prompt tokens/s). Calibrate against the llama.cpp engine before trusting it.
     */
    public static final StepTimeModel SMALL_MODEL_CPU = microseconds("llama-3.2-1b-q4-cpu", 15_000, 2_500, 2_500);

    /** The named presets, for configuration files. */
    public static final List<StepTimeModel> PRESETS = List.of(INSTANT, LLAMA_3_1_8B_H100, LLAMA_3_1_8B_A100,
            LLAMA_3_3_70B_H100_TP4, LLAMA_3_3_70B_H100_TP8, SMALL_MODEL_CPU);

    private static final double MAX_SLOWDOWN = 1000;

    public StepTimeModel {
        Objects.requireNonNull(name, "name is null");
        requireNotNegative("stepBase", stepBase);
        requireNotNegative("prefillBase", prefillBase);
        requireNotNegative("perPrefillToken", perPrefillToken);
        requireNotNegative("perDecodeToken", perDecodeToken);
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
        if (!(slowdown > 0 && slowdown <= MAX_SLOWDOWN)) {
            throw new IllegalArgumentException("slowdown must be in (0, " + MAX_SLOWDOWN + "]: " + slowdown);
        }
    }

    /** The preset called {@code name}, if there is one. */
    public static Optional<StepTimeModel> preset(String name) {
        Objects.requireNonNull(name, "name is null");
        return PRESETS.stream().filter(model -> model.name().equals(name)).findFirst();
    }

    /**
     * A step model with a latency of its own rather than a GPU's: a step that prefills takes
     * {@code timeToFirstToken}, any other {@code perTokenDelay}, whatever the batch. When
     * {@code timeToFirstToken < perTokenDelay}, prefill steps take {@code perTokenDelay} too.
     */
    public static StepTimeModel fixedDelays(Duration timeToFirstToken, Duration perTokenDelay) {
        requireNotNegative("timeToFirstToken", timeToFirstToken);
        requireNotNegative("perTokenDelay", perTokenDelay);
        Duration prefillExtra = timeToFirstToken.compareTo(perTokenDelay) > 0
                ? timeToFirstToken.minus(perTokenDelay) : Duration.ZERO;
        return new StepTimeModel("fixed-delays", perTokenDelay, prefillExtra, Duration.ZERO, Duration.ZERO, 0, 1);
    }

    public StepTimeModel withJitter(double newJitter) {
        return new StepTimeModel(name, stepBase, prefillBase, perPrefillToken, perDecodeToken, newJitter, slowdown);
    }

    public StepTimeModel withSlowdown(double newSlowdown) {
        return new StepTimeModel(name, stepBase, prefillBase, perPrefillToken, perDecodeToken, jitter, newSlowdown);
    }

    /** The expected step time in nanoseconds, slow-down included, jitter not. */
    public long meanNanos(int prefillTokens, int decodeTokens) {
        return Math.round(exactNanos(prefillTokens, decodeTokens) * slowdown);
    }

    /** One step time in nanoseconds, with jitter drawn from {@code random} when there is jitter. */
    public long sampleNanos(int prefillTokens, int decodeTokens, RandomGenerator random) {
        Objects.requireNonNull(random, "random is null");
        double nanos = exactNanos(prefillTokens, decodeTokens) * slowdown;
        if (jitter > 0) {
            // Lognormal with E[factor] = 1: sigma² = ln(1 + cv²), mu = -sigma²/2.
            double sigmaSquared = Math.log1p(jitter * jitter);
            nanos *= Math.exp(-sigmaSquared / 2 + Math.sqrt(sigmaSquared) * random.nextGaussian());
        }
        return Math.round(nanos);
    }

    private double exactNanos(int prefillTokens, int decodeTokens) {
        if (prefillTokens < 0 || decodeTokens < 0) {
            throw new IllegalArgumentException("prefillTokens and decodeTokens must not be negative: "
                    + prefillTokens + ", " + decodeTokens);
        }
        double nanos = stepBase.toNanos() + (double) perPrefillToken.toNanos() * prefillTokens
                + (double) perDecodeToken.toNanos() * decodeTokens;
        return prefillTokens > 0 ? nanos + prefillBase.toNanos() : nanos;
    }

    private static StepTimeModel microseconds(String name, double base, double perPrefill, double perDecode) {
        return new StepTimeModel(name, micros(base), Duration.ZERO, micros(perPrefill), micros(perDecode), 0, 1);
    }

    private static Duration micros(double value) {
        return Duration.ofNanos(Math.round(value * 1000));
    }

    private static void requireNotNegative(String field, Duration value) {
        Objects.requireNonNull(value, field + " is null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative: " + value);
        }
    }
}
