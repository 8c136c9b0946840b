package io.hyperlocal.sim.report;

/**
 * A streaming histogram of positive values (microseconds here) in logarithmic buckets: bucket
 * {@code i} holds values in {@code [r^i, r^(i+1))} for a ratio {@code r}, so a quantile is known to
 * within a factor of {@code sqrt(r)} whatever the range, in constant memory. A day of requests never
 * needs to be kept.
 */
public final class LogHistogram {
    /** 2% buckets: quantiles within ~1%. */
    public static final double FINE = 1.02;
    /** 10% buckets, for per-minute series. */
    public static final double COARSE = 1.10;
    private static final double MAX_VALUE = 1e13;

    private final double logRatio;
    private final long[] counts;
    private long total;
    private double sum;
    private double max;

    public LogHistogram(double ratio) {
        if (!(ratio > 1)) {
            throw new IllegalArgumentException("ratio must be > 1: " + ratio);
        }
        this.logRatio = Math.log(ratio);
        this.counts = new long[(int) Math.ceil(Math.log(MAX_VALUE) / logRatio) + 2];
    }

    /** Records a value; values below 1 count as 1. */
    public void record(double value) {
        double clipped = Math.max(1, Math.min(value, MAX_VALUE));
        counts[(int) (Math.log(clipped) / logRatio)]++;
        total++;
        sum += value;
        max = Math.max(max, value);
    }

    public long count() {
        return total;
    }

    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    public double max() {
        return max;
    }

    /** The value at quantile {@code q} in [0, 1], the geometric middle of its bucket; 0 when empty. */
    public double quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(max, Math.exp((i + 0.5) * logRatio));
            }
        }
        return max;
    }
}
