package io.hyperlocal.sim.plan;

import java.util.Locale;
import java.util.Optional;

/**
 * Weight precision of a served model. Two effects, both simple on purpose:
 * <ul>
 *   <li><b>Memory</b>: bytes per parameter (2, 1, 0.5), exact by definition; scales and zero points
 *       (well under 2 % of the weights) are ignored. The KV cache stays at 16 bits in every case.</li>
 *   <li><b>Speed</b>: a factor on every coefficient of the step-time preset (the presets are BLIS fits
 *       we take as BF16). These factors are <em>assumptions</em>, not measurements: FP8 (W8A8 on
 *       Hopper) 0.70, about the 1.3-1.6× serving speed-up commonly reported for FP8 over BF16;
 *       INT4 weight-only 0.80, because it halves weight reads again for memory-bound decode but its
 *       dequantisation eats much of the gain at large batches and none of prefill's compute. A plan
 *       file can override the factor per model ({@code stepTimeFactor}).</li>
 * </ul>
 */
public enum Quantisation {
    BF16,
    FP8,
    INT4;

    public double bytesPerParameter() {
        return switch (this) {
            case BF16 -> 2.0;
            case FP8 -> 1.0;
            case INT4 -> 0.5;
        };
    }

    /** Default multiplier on step time relative to the BF16 preset (below 1 is faster). */
    public double stepTimeFactor() {
        return switch (this) {
            case BF16 -> 1.0;
            case FP8 -> 0.70;
            case INT4 -> 0.80;
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The quantisation called {@code text} (case-insensitive: bf16, fp8, int4). */
    public static Optional<Quantisation> parse(String text) {
        for (Quantisation q : values()) {
            if (q.label().equalsIgnoreCase(text.strip())) return Optional.of(q);
        }
        return Optional.empty();
    }
}
