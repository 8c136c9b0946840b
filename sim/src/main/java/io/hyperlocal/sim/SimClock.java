package io.hyperlocal.sim;

/**
 * The simulation's clock in nanoseconds. Only the {@link Simulation} moves it, and only forward, so
 * policies handed this clock can read time but never change it.
 */
public final class SimClock {

    private long now;

    SimClock() {}

    /** The current simulated time in nanoseconds. */
    public long now() {
        return now;
    }

    void advanceTo(long time) {
        if (time < now) {
            throw new IllegalStateException("simulated time cannot go back: now " + now + " ns, asked " + time + " ns");
        }
        now = time;
    }
}
