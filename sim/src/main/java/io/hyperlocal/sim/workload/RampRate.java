package io.hyperlocal.sim.workload;

import io.hyperlocal.sim.RateFunction;

/** A rate rising (or falling) linearly from {@code from} to {@code to} per second over {@code [0, length)} ns, then flat. */
record RampRate(double from, double to, long length) implements RateFunction {
    @Override
    public double rateAt(long time) {
        if (time >= length) {
            return to;
        }
        return from + (to - from) * (time / (double) length);
    }

    @Override
    public double maxRate() {
        return Math.max(from, to);
    }
}
