package io.hyperlocal.sim.report;

/**
 * Latency percentiles in milliseconds.
 *
 * @param p50 median
 * @param p90 0.9 quantile
 * @param p99 0.99 quantile
 * @param mean arithmetic mean
 */
public record Percentiles(double p50, double p90, double p99, double mean) {
    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0);

    /** From a histogram of microseconds. */
    public static Percentiles ofMicros(LogHistogram histogram) {
        return new Percentiles(histogram.quantile(0.5) / 1000, histogram.quantile(0.9) / 1000,
                histogram.quantile(0.99) / 1000, histogram.mean() / 1000);
    }
}
