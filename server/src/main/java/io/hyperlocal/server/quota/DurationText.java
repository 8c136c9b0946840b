package io.hyperlocal.server.quota;

/**
 * Durations as OpenAI writes them in {@code x-ratelimit-reset-*}: {@code "250ms"}, {@code "1s"},
 * {@code "6m0s"}, {@code "1h2m3s"}. Whole seconds are rounded up, so a client that waits the time
 * shown is never early.
 */
final class DurationText {
    private DurationText() {}

    static String of(long nanos) {
        if (nanos <= 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            return Math.ceilDiv(nanos, 1_000_000L) + "ms";
        }
        long seconds = Math.ceilDiv(nanos, 1_000_000_000L);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        if (minutes > 0) {
            return minutes + "m" + rest + "s";
        }
        return rest + "s";
    }

    /** Whole seconds for {@code Retry-After}, rounded up, at least 1. */
    static long retryAfterSeconds(long nanos) {
        return Math.max(1, Math.ceilDiv(Math.max(0, nanos), 1_000_000_000L));
    }
}
