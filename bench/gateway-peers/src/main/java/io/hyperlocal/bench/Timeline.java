package io.hyperlocal.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * The slowest latency among the requests due in each 100 ms of a rate step: a step's p99 says how bad
 * the tail is, this says when it came (one long episode, or periodic bumps that line up with a
 * background task). Written when {@code BENCH_TIMELINE} names a file; see bench/README.md.
 */
final class Timeline {
    static final long BUCKET_NANOS = 100_000_000L;
    private long[] slowestMicros = new long[64];
    private int buckets;

    /** A request due {@code dueNanos} after the step's start answered after {@code latencyMicros}. */
    void record(long dueNanos, long latencyMicros) {
        int bucket = (int) Math.max(0, dueNanos / BUCKET_NANOS);
        if (bucket >= slowestMicros.length) {
            slowestMicros = Arrays.copyOf(slowestMicros, Math.max(bucket + 1, slowestMicros.length * 2));
        }
        slowestMicros[bucket] = Math.max(slowestMicros[bucket], latencyMicros);
        buckets = Math.max(buckets, bucket + 1);
    }

    /**
     * One line per 100 ms that had an answer: {@code <label> <start of the 100 ms, epoch ms> <slowest ms>}.
     *
     * @param startEpochMillis the wall-clock time of the step's start
     */
    String lines(String label, long startEpochMillis) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < buckets; i++) {
            if (slowestMicros[i] > 0) {
                out.append(label).append(' ').append(startEpochMillis + i * (BUCKET_NANOS / 1_000_000)).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f", slowestMicros[i] / 1000.0)).append('\n');
            }
        }
        return out.toString();
    }
}
