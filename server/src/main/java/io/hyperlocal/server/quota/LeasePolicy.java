package io.hyperlocal.server.quota;

import java.time.Duration;
import java.util.Objects;

/**
 * How a replica leases allowance tokens from the database.
 *
 * @param leasePercent share of the period's allowance taken per lease, 1 to 100 (a lease is never
 *     smaller than the reservation that asks for it)
 * @param idleReturnAfter a lease not used for this long (and with nothing in flight) goes back to
 *     the database, so that other replicas can take it
 * @param exhaustedRecheck after the database had no free tokens, how long a replica refuses from
 *     memory before asking again (other replicas may have given tokens back meanwhile)
 */
public record LeasePolicy(int leasePercent, Duration idleReturnAfter, Duration exhaustedRecheck) {
    public static final LeasePolicy DEFAULTS = new LeasePolicy(10, Duration.ofSeconds(60), Duration.ofSeconds(1));

    public LeasePolicy {
        if (leasePercent < 1 || leasePercent > 100) {
            throw new IllegalArgumentException("leasePercent must be within 1..100: " + leasePercent);
        }
        Objects.requireNonNull(idleReturnAfter, "idleReturnAfter is null");
        Objects.requireNonNull(exhaustedRecheck, "exhaustedRecheck is null");
        if (idleReturnAfter.isNegative() || exhaustedRecheck.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative: " + idleReturnAfter + ", "
                    + exhaustedRecheck);
        }
    }
}
