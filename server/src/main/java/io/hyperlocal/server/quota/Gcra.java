package io.hyperlocal.server.quota;

/**
 * A per-minute limit as a generic cell rate algorithm: the only state is the theoretical arrival
 * time ({@code tat}) of the next unit. A limit of N per minute lets a burst of N through, then one
 * unit every 60/N seconds. Costs can be many units (tokens), and unused units can be given back.
 * Not thread-safe: {@link RateLimits} guards each instance.
 */
final class Gcra {
    static final long WINDOW_NANOS = 60_000_000_000L;

    private long tat;

    /** The arrival time after admitting {@code cost} units at {@code now}, or -1 when it can never fit. */
    long after(long now, long cost, long limit) {
        long spacing = spacing(cost, limit);
        if (spacing < 0) {
            return -1;
        }
        return Math.max(tat, now) + spacing;
    }

    /** Whether an arrival time returned by {@link #after} is within the burst allowed at {@code now}. */
    static boolean fits(long after, long now) {
        return after >= 0 && after - now <= WINDOW_NANOS;
    }

    void commit(long after) {
        tat = after;
    }

    /** Gives {@code units} back, as if they had never been taken. */
    void refund(long now, long units, long limit) {
        long spacing = spacing(units, limit);
        if (spacing > 0 && tat > now) {
            tat = Math.max(now, tat - spacing);
        }
    }

    /** Units that would fit now. */
    long remaining(long now, long limit) {
        long used = Math.max(0, tat - now);
        return Math.max(0, (long) ((double) (WINDOW_NANOS - used) * limit / WINDOW_NANOS));
    }

    /** Nanoseconds until the limit is whole again. */
    long resetNanos(long now) {
        return Math.max(0, tat - now);
    }

    /** Nanoseconds until {@code cost} more units would fit (0 when they fit now). */
    long waitNanos(long now, long cost, long limit) {
        long after = after(now, cost, limit);
        return after < 0 ? Long.MAX_VALUE : Math.max(0, after - WINDOW_NANOS - now);
    }

    /** Time that {@code units} take at {@code limit} per minute, rounded up; -1 past a minute's worth. */
    private static long spacing(long units, long limit) {
        if (units > limit) {
            return -1;
        }
        // units <= limit and WINDOW_NANOS < 2^36: the product overflows only for limits above 2^27,
        // where double precision is far finer than a nanosecond per unit anyway.
        if (units < (1L << 27)) {
            return Math.ceilDiv(units * WINDOW_NANOS, limit);
        }
        return (long) Math.ceil((double) units * WINDOW_NANOS / limit);
    }
}
