package io.hyperlocal.sim;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Non-homogeneous Poisson arrivals by thinning (Lewis and Shedler): candidates come at the constant
 * rate {@code rate.maxRate()} and each is kept with probability {@code rateAt(t) / maxRate()}. Exact
 * for any bounded rate; the cost is one draw pair per candidate, so keep the bound tight.
 */
public record ThinnedArrivals(RateFunction rate) implements ArrivalProcess {

    public ThinnedArrivals {
        Objects.requireNonNull(rate, "rate is null");
        double max = rate.maxRate();
        if (!(max >= 0) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("rate.maxRate() must be finite and >= 0: " + max);
        }
    }

    /** Diurnal arrivals with an optional set of bursts. */
    public static ThinnedArrivals diurnal(DiurnalProfile profile, Burst... bursts) {
        RateFunction rate = profile;
        for (Burst burst : bursts) {
            rate = rate.withBurst(burst);
        }
        return new ThinnedArrivals(rate);
    }

    @Override
    public long nextArrivalAfter(long time, RandomGenerator random) {
        double max = rate.maxRate();
        if (max == 0) {
            return Long.MAX_VALUE;
        }
        long candidate = time;
        while (true) {
            candidate = ArrivalProcess.saturatingAdd(candidate, ArrivalProcess.exponentialNanos(max, random));
            if (candidate == Long.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
            double current = rate.rateAt(candidate);
            if (current > max) {
                throw new IllegalStateException("rate " + current + "/s at " + candidate
                        + " ns exceeds its declared maxRate " + max + "/s; thinning would undercount, fix maxRate()");
            }
            if (random.nextDouble() * max < current) {
                return candidate;
            }
        }
    }
}
