package io.hyperlocal.sim.scenario;

import java.time.Duration;

/**
 * A window of the run in which a population's rate is multiplied: a launch announcement, a televised event.
 *
 * @param start from the start of the run
 * @param length how long it lasts
 * @param multiplier rate factor inside the window, > 0
 */
public record BurstSpec(Duration start, Duration length, double multiplier) {
    public BurstSpec {
        Check.notNegative("start", start);
        Check.positive("length", length);
        Check.positive("multiplier", multiplier);
    }
}
