package io.hyperlocal.engines.simulated;

import java.util.Arrays;

/**
 * A Prometheus histogram of seconds with fixed upper bounds, as {@code prometheus_client} keeps one:
 * a count per bucket, the number of observations and their sum. Not thread-safe; the engine guards it.
 */
final class LatencyHistogram {
    /** vLLM's buckets for {@code vllm:time_to_first_token_seconds}. */
    static final double[] TIME_TO_FIRST_TOKEN = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
        1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    /** vLLM's buckets for {@code vllm:inter_token_latency_seconds}. */
    static final double[] INTER_TOKEN_LATENCY = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0,
        2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    /** vLLM's {@code request_latency_buckets}, for {@code vllm:e2e_request_latency_seconds}. */
    static final double[] REQUEST_LATENCY = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0,
        50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;

    LatencyHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length];
    }

    void observeNanos(long nanos) {
        double seconds = nanos / 1e9;
        count++;
        sum += seconds;
        for (int i = 0; i < bounds.length; i++) {
            if (seconds <= bounds[i]) {
                counts[i]++;
                return;
            }
        }
    }

    Snapshot snapshot() {
        long[] cumulative = new long[bounds.length];
        long running = 0;
        for (int i = 0; i < bounds.length; i++) {
            running += counts[i];
            cumulative[i] = running;
        }
        return new Snapshot(bounds.clone(), cumulative, count, sum);
    }

    /**
     * The histogram at one moment.
     *
     * @param bounds upper bounds, ascending, without {@code +Inf}
     * @param cumulative observations at or under each bound
     * @param count all observations (the {@code +Inf} bucket)
     * @param sum of the observations, in seconds
     */
    record Snapshot(double[] bounds, long[] cumulative, long count, double sum) {
        Snapshot {
            bounds = bounds.clone();
            cumulative = cumulative.clone();
            if (bounds.length != cumulative.length) {
                throw new IllegalArgumentException("bounds and cumulative must have the same length: "
                        + bounds.length + ", " + cumulative.length);
            }
        }

        static Snapshot empty(double[] bounds) {
            return new Snapshot(bounds, new long[bounds.length], 0, 0);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Snapshot that && Arrays.equals(bounds, that.bounds)
                    && Arrays.equals(cumulative, that.cumulative) && count == that.count && sum == that.sum;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(cumulative) + Long.hashCode(count);
        }
    }
}
