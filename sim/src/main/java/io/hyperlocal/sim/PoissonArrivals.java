package io.hyperlocal.sim;

import java.util.random.RandomGenerator;

/** Homogeneous Poisson arrivals: exponential inter-arrival times with mean {@code 1 / ratePerSecond}. */
public record PoissonArrivals(double ratePerSecond) implements ArrivalProcess {

    public PoissonArrivals {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("ratePerSecond must be finite and > 0: " + ratePerSecond);
        }
    }

    @Override
    public long nextArrivalAfter(long time, RandomGenerator random) {
        return ArrivalProcess.saturatingAdd(time, ArrivalProcess.exponentialNanos(ratePerSecond, random));
    }
}
