package io.hyperlocal.server.tmf.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time of the TMF APIs: the application's {@link Clock} bean when one exists, else the system
 * clock in UTC. Instants are cut to milliseconds, as the JSON dates show them.
 */
@ApplicationScoped
public class TmfClock {
    private final Clock clock;

    @Inject
    public TmfClock(Instance<Clock> clocks) {
        this.clock = clocks.isResolvable() ? clocks.get() : Clock.systemUTC();
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
