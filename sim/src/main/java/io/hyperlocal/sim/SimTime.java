package io.hyperlocal.sim;

/** Simulated time: a {@code long} count of nanoseconds since the start of the run. */
public final class SimTime {

    public static final long NANOSECOND = 1L;
    public static final long MICROSECOND = 1_000L;
    public static final long MILLISECOND = 1_000_000L;
    public static final long SECOND = 1_000_000_000L;
    public static final long MINUTE = 60 * SECOND;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;

    private SimTime() {}

    /** Whole seconds to nanoseconds. */
    public static long seconds(long seconds) {
        return Math.multiplyExact(seconds, SECOND);
    }

    /** Nanoseconds to (fractional) seconds. */
    public static double toSeconds(long nanos) {
        return nanos / (double) SECOND;
    }

    /** The hour of the simulated day, 0 to 23, for a time; day 0 starts at midnight. */
    public static int hourOfDay(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time must be >= 0 ns: " + nanos);
        }
        return (int) ((nanos % DAY) / HOUR);
    }
}
