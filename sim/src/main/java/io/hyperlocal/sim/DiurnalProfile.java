package io.hyperlocal.sim;

import java.util.Arrays;

/**
 * A daily rate shape: {@code rateAt(t) = meanPerSecond × factors[hourOfDay(t)]}. Factors are relative
 * to the mean (a factor of 2 is twice the mean rate); they need not average exactly 1.
 */
public record DiurnalProfile(double meanPerSecond, double[] factors) implements RateFunction {

    public static final int HOURS = 24;

    public DiurnalProfile {
        if (!(meanPerSecond >= 0) || Double.isInfinite(meanPerSecond)) {
            throw new IllegalArgumentException("meanPerSecond must be finite and >= 0: " + meanPerSecond);
        }
        if (factors.length != HOURS) {
            throw new IllegalArgumentException("factors must have 24 hourly values: " + factors.length);
        }
        factors = factors.clone();
        for (int hour = 0; hour < HOURS; hour++) {
            if (!(factors[hour] >= 0) || Double.isInfinite(factors[hour])) {
                throw new IllegalArgumentException("factors[" + hour + "] must be finite and >= 0: " + factors[hour]);
            }
        }
    }

    /** The same rate every hour. */
    public static DiurnalProfile flat(double meanPerSecond) {
        double[] ones = new double[HOURS];
        Arrays.fill(ones, 1.0);
        return new DiurnalProfile(meanPerSecond, ones);
    }

    @Override
    public double[] factors() {
        return factors.clone();
    }

    public double factor(int hour) {
        return factors[hour];
    }

    @Override
    public double rateAt(long time) {
        return meanPerSecond * factors[SimTime.hourOfDay(time)];
    }

    @Override
    public double maxRate() {
        return meanPerSecond * Arrays.stream(factors).max().orElseThrow();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DiurnalProfile that
                && Double.compare(meanPerSecond, that.meanPerSecond) == 0
                && Arrays.equals(factors, that.factors);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(meanPerSecond) + Arrays.hashCode(factors);
    }

    @Override
    public String toString() {
        return "DiurnalProfile[meanPerSecond=" + meanPerSecond + ", factors=" + Arrays.toString(factors) + "]";
    }
}
