package io.hyperlocal.sim;

import java.util.random.RandomGenerator;

/**
 * A lognormal length (tokens) with parameters {@code mu} and {@code sigma} of the underlying normal,
 * rounded to a whole count and clipped to {@code [1, max]}. Prompt and output lengths of chat
 * traffic are heavy-tailed and roughly lognormal; the clip stands for the model's context limit.
 */
public record LengthDistribution(double mu, double sigma, long max) {

    /** The standard normal's 0.9 quantile. */
    static final double Z90 = 1.2815515655446004;

    public LengthDistribution {
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException("mu must be finite: " + mu);
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and >= 0: " + sigma);
        }
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1: " + max);
        }
    }

    /** The lognormal whose median and 0.9 quantile (before clipping) are those given. */
    public static LengthDistribution ofMedianAndP90(double median, double p90, long max) {
        if (!(median > 0) || Double.isInfinite(median)) {
            throw new IllegalArgumentException("median must be finite and > 0: " + median);
        }
        if (!(p90 >= median) || Double.isInfinite(p90)) {
            throw new IllegalArgumentException("p90 must be finite and >= median " + median + ": " + p90);
        }
        return new LengthDistribution(Math.log(median), Math.log(p90 / median) / Z90, max);
    }

    /** The lognormal with this mean and standard deviation (before clipping). */
    public static LengthDistribution ofMeanAndStandardDeviation(double mean, double standardDeviation, long max) {
        if (!(mean > 0) || Double.isInfinite(mean)) {
            throw new IllegalArgumentException("mean must be finite and > 0: " + mean);
        }
        if (!(standardDeviation >= 0) || Double.isInfinite(standardDeviation)) {
            throw new IllegalArgumentException("standardDeviation must be finite and >= 0: " + standardDeviation);
        }
        double variance = Math.log1p((standardDeviation * standardDeviation) / (mean * mean));
        return new LengthDistribution(Math.log(mean) - variance / 2, Math.sqrt(variance), max);
    }

    /** The median before clipping. */
    public double median() {
        return Math.exp(mu);
    }

    /** Draws a length in {@code [1, max]}. */
    public long sample(RandomGenerator random) {
        double value = Math.exp(mu + sigma * random.nextGaussian());
        if (value >= max) {
            return max;
        }
        return Math.max(1L, Math.round(value));
    }
}
