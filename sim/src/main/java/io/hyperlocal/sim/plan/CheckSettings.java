package io.hyperlocal.sim.plan;

import java.time.Duration;

/**
 * How the planned fleet is checked in the simulator: each site's pool of replicas of each model gets
 * Poisson arrivals at its peak rate for {@code warmup + window}; requests arriving in the window are
 * measured, and the run continues up to {@code drain} after it so they can finish.
 *
 * @param window measured time at peak, positive
 * @param warmup time at peak before measuring (the fleet starts empty), not negative
 * @param drain longest run after the window; a measured request unfinished by then misses the SLO
 * @param seed seed of the simulation's random generator
 * @param lengthCv coefficient of variation of prompt and completion lengths (lognormal around the
 *     plan's means), in [0, 3]; 0 gives every request the mean lengths
 * @param maxExtraReplicas most replicas added to a failing pool while searching for one that passes, {@code >= 0}
 * @param simulator which simulator runs the pools
 */
public record CheckSettings(Duration window, Duration warmup, Duration drain, long seed, double lengthCv,
        int maxExtraReplicas, CheckSimulator simulator) {

    /** What a plan file without a {@code check} section gets: 10 minutes at peak after 1 of warm-up. */
    public static final CheckSettings DEFAULTS = new CheckSettings(Duration.ofMinutes(10), Duration.ofMinutes(1),
            Duration.ofMinutes(2), 42, 0.5, 8, CheckSimulator.FEDERATION);

    public CheckSettings {
        if (window == null || window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be > 0");
        if (warmup == null || warmup.isNegative()) throw new IllegalArgumentException("warmup must be >= 0");
        if (drain == null || drain.isNegative()) throw new IllegalArgumentException("drain must be >= 0");
        if (!(Check.finite("lengthCv", lengthCv) >= 0 && lengthCv <= 3)) {
            throw new IllegalArgumentException("lengthCv must be in [0, 3], was " + lengthCv);
        }
        if (simulator == null) throw new IllegalArgumentException("simulator must not be null");
        if (maxExtraReplicas < 0) throw new IllegalArgumentException("maxExtraReplicas must be >= 0, was " + maxExtraReplicas);
    }
}
