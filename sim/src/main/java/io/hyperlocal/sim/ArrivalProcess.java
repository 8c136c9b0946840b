package io.hyperlocal.sim;

import java.util.random.RandomGenerator;

/** A point process of request arrivals in simulated time. */
public interface ArrivalProcess {

    /**
     * The time (nanoseconds) of the first arrival strictly after {@code time}, drawn from {@code
     * random}; {@link Long#MAX_VALUE} when no arrival will ever come.
     */
    long nextArrivalAfter(long time, RandomGenerator random);

    /** Draws an exponential interval in nanoseconds for a rate per second, at least one nanosecond. */
    static long exponentialNanos(double ratePerSecond, RandomGenerator random) {
        // 1 - nextDouble() lies in (0, 1], so the logarithm is finite.
        double seconds = -Math.log(1.0 - random.nextDouble()) / ratePerSecond;
        double nanos = seconds * SimTime.SECOND;
        return nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1L, Math.round(nanos));
    }

    /** Adds an interval to a time, saturating at {@link Long#MAX_VALUE}. */
    static long saturatingAdd(long time, long interval) {
        long sum = time + interval;
        return sum < time ? Long.MAX_VALUE : sum;
    }
}
