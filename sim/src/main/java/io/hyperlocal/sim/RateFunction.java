package io.hyperlocal.sim;

/** An arrival rate (per second) that varies with simulated time, with an upper bound for thinning. */
public interface RateFunction {

    /** The rate per second at {@code time} (nanoseconds); never negative, never above {@link #maxRate()}. */
    double rateAt(long time);

    /** An upper bound on {@link #rateAt(long)} over all times. */
    double maxRate();

    /** This rate multiplied by {@code burst.multiplier()} inside the burst's window. */
    default RateFunction withBurst(Burst burst) {
        RateFunction base = this;
        return new RateFunction() {
            @Override
            public double rateAt(long time) {
                double rate = base.rateAt(time);
                return burst.covers(time) ? rate * burst.multiplier() : rate;
            }

            @Override
            public double maxRate() {
                return base.maxRate() * Math.max(1.0, burst.multiplier());
            }
        };
    }
}
