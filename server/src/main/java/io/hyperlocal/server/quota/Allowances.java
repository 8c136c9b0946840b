package io.hyperlocal.server.quota;

import io.hyperlocal.server.database.WouldBlock;
import io.hyperlocal.server.entitlement.Entitlement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * One replica's share of the token allowances: reserves from leases held in memory, takes leases
 * from the {@link LeaseStore} when they run out (and refills them early on {@code background}), and
 * reports consumption and gives back idle leases in {@link #maintain()}. An instance is one
 * replica; several instances on one database behave as several gateways (the tests run two).
 */
public final class Allowances implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Allowances.class);

    private final LeaseStore store;
    private final Clock clock;
    private final LeasePolicy policy;
    private final Executor background;
    private final ConcurrentMap<Key, LocalLease> leases = new ConcurrentHashMap<>();

    public Allowances(LeaseStore store, Clock clock, LeasePolicy policy, Executor background) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.policy = Objects.requireNonNull(policy, "policy is null");
        this.background = Objects.requireNonNull(background, "background is null");
    }

    private record Key(String subscriptionId, Instant periodStart) {}

    /** Tokens reserved for one request in one period, to give to {@link #settle}. */
    public record Reservation(LocalLease lease, long tokens) {
        public Reservation {
            Objects.requireNonNull(lease, "lease is null");
        }

        public Instant periodEnd() {
            return lease.window.end();
        }
    }

    /** What {@link #reserve} answers. */
    public sealed interface Outcome {}

    public record Reserved(Reservation reservation) implements Outcome {}

    /**
     * The request does not fit.
     *
     * @param allowance the period's allowance, rollover included
     * @param held tokens this replica still holds (fewer than the request needs)
     * @param resetsAt when the next period starts
     */
    public record Exhausted(long allowance, long held, Instant resetsAt) implements Outcome {}

    /**
     * Reserves {@code tokens} of the allowance of {@code entitlement} (which must be limited) in the
     * period that contains the clock's now; a request that straddles the end of the allowance may
     * get the period's one over-allowance reservation.
     */
    public Outcome reserve(Entitlement entitlement, long tokens) {
        return reserve(entitlement, tokens, true);
    }

    /**
     * As {@link #reserve(Entitlement, long)}; without {@code mayOverdraft} the reservation must fit
     * in the allowance (to try another entitlement before going past this one).
     */
    public Outcome reserve(Entitlement entitlement, long tokens, boolean mayOverdraft) {
        if (entitlement.allowanceTokens() == Entitlement.UNLIMITED) {
            throw new IllegalArgumentException("unlimited allowances need no reservation: "
                    + entitlement.subscriptionId());
        }
        Instant now = clock.instant();
        PeriodWindow window = PeriodWindow.containing(entitlement.period(), entitlement.periodAnchor(), now);
        Key key = new Key(entitlement.subscriptionId(), window.start());
        while (true) {
            LocalLease lease = leases.computeIfAbsent(key, k -> new LocalLease(k.subscriptionId(), window, now));
            boolean refill;
            Outcome outcome;
            lease.lock.lock();
            try {
                if (lease.closed) {
                    continue; // maintenance dropped it between the lookup and the lock
                }
                lease.lastUsed = now;
                if (!lease.opened) {
                    WouldBlock.check();
                    open(lease, entitlement, window);
                }
                outcome = reserveLocked(lease, tokens, now, mayOverdraft);
                long chunk = lease.chunk(policy.leasePercent());
                refill = lease.available < chunk / 2 && !lease.refilling && !now.isBefore(lease.exhaustedUntil);
                if (refill) {
                    lease.refilling = true;
                }
            } finally {
                lease.lock.unlock();
            }
            if (refill) {
                background.execute(() -> refill(lease));
            }
            return outcome;
        }
    }

    private void open(LocalLease lease, Entitlement entitlement, PeriodWindow window) {
        // With no row for the previous period nobody used it: all of it was unused, if the
        // subscription existed for the whole of it.
        PeriodWindow previous = PeriodWindow.before(entitlement.period(), entitlement.periodAnchor(), window);
        long carried = entitlement.periodAnchor().isAfter(previous.start()) ? 0
                : entitlement.allowanceTokens() * entitlement.rolloverPercent() / 100;
        LeaseStore.PeriodRow row = store.open(lease.subscriptionId, window, entitlement.allowanceTokens(),
                entitlement.rolloverPercent(), carried);
        lease.allowance = row.allowance();
        lease.overdraftGone = row.overdraft() > 0;
        lease.opened = true;
    }

    private Outcome reserveLocked(LocalLease lease, long tokens, Instant now, boolean mayOverdraft) {
        if (lease.available < tokens && !now.isBefore(lease.exhaustedUntil)) {
            WouldBlock.check();
            long wanted = Math.max(lease.chunk(policy.leasePercent()), tokens - lease.available);
            long granted = store.take(lease.subscriptionId, lease.window, wanted);
            lease.available += granted;
            if (granted < wanted) {
                lease.exhaustedUntil = now.plus(policy.exhaustedRecheck());
            }
        }
        if (mayOverdraft && lease.available < tokens && lease.available > 0 && !lease.overdraftGone) {
            // The request straddles the end of the allowance: the period's one over-allowance
            // reservation covers the gap, if no replica had it yet.
            long gap = tokens - lease.available;
            WouldBlock.check();
            if (store.overdraft(lease.subscriptionId, lease.window, gap)) {
                lease.available += gap;
                lease.overdraftGone = true;
            } else {
                lease.overdraftGone = store.read(lease.subscriptionId, lease.window.start()).overdraft() > 0;
            }
        }
        if (lease.available < tokens) {
            return new Exhausted(lease.allowance, lease.available, lease.window.end());
        }
        lease.available -= tokens;
        lease.reserved += tokens;
        lease.inFlight++;
        return new Reserved(new Reservation(lease, tokens));
    }

    private void refill(LocalLease lease) {
        try {
            long granted = store.take(lease.subscriptionId, lease.window, lease.chunk(policy.leasePercent()));
            lease.lock.lock();
            try {
                lease.available += granted;
                if (granted < lease.chunk(policy.leasePercent())) {
                    lease.exhaustedUntil = clock.instant().plus(policy.exhaustedRecheck());
                }
            } finally {
                lease.lock.unlock();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not refill the lease of %s early (%s); the next request that needs it asks again",
                    lease.subscriptionId, e.getMessage());
        } finally {
            lease.lock.lock();
            lease.refilling = false;
            lease.lock.unlock();
        }
    }

    /**
     * Charges {@code usedTokens} of a reservation (at most the reservation: the gateway clamps the
     * generation so that a request never uses more) and keeps the rest for other requests.
     */
    public void settle(Reservation reservation, long usedTokens) {
        long charged = Math.clamp(usedTokens, 0, reservation.tokens());
        if (charged < usedTokens) {
            LOG.warnf("%s used %d tokens but reserved %d: the quota charges the reservation, the usage ledger"
                    + " the truth (is hyperlocal.quota.prompt-overhead-tokens too small for this template?)",
                    reservation.lease().subscriptionId, usedTokens, reservation.tokens());
        }
        LocalLease lease = reservation.lease();
        lease.lock.lock();
        try {
            lease.available += reservation.tokens() - charged;
            lease.reserved -= reservation.tokens();
            lease.unrecorded += charged;
            lease.inFlight--;
            lease.lastUsed = clock.instant();
        } finally {
            lease.lock.unlock();
        }
    }

    /**
     * Records what was spent since the last call, gives back leases idle for
     * {@link LeasePolicy#idleReturnAfter} or of ended periods, and the surplus of a lease that grew
     * past two chunks. Runs off the request path (every {@code hyperlocal.quota.maintenance-interval}).
     */
    public void maintain() {
        report(false);
    }

    /** Gives every lease back (what requests in flight reserved stays leased: lost, never spent twice). */
    @Override
    public void close() {
        report(true);
    }

    private void report(boolean all) {
        Instant now = clock.instant();
        List<LeaseStore.Settlement> settlements = new ArrayList<>();
        List<LocalLease> kept = new ArrayList<>();
        for (var entry : leases.entrySet()) {
            LocalLease lease = entry.getValue();
            lease.lock.lock();
            try {
                long returned = 0;
                boolean idle = lease.reserved == 0 && !lease.refilling
                        && (!Duration.between(lease.lastUsed, now).minus(policy.idleReturnAfter()).isNegative()
                                || !now.isBefore(lease.window.end()));
                if (all || idle) {
                    returned = lease.available;
                    lease.available = 0;
                    lease.closed = true;
                    leases.remove(entry.getKey(), lease);
                } else if (lease.opened && lease.available > 2 * lease.chunk(policy.leasePercent())) {
                    returned = lease.available - lease.chunk(policy.leasePercent());
                    lease.available -= returned;
                }
                if (lease.unrecorded > 0 || returned > 0) {
                    settlements.add(new LeaseStore.Settlement(lease.subscriptionId, lease.window, lease.unrecorded,
                            returned));
                    kept.add(lease);
                    lease.unrecorded = 0;
                }
            } finally {
                lease.lock.unlock();
            }
        }
        try {
            store.record(settlements);
        } catch (RuntimeException e) {
            // Nothing was recorded (one transaction): open leases keep their tokens for the next try;
            // a dropped lease's tokens stay leased in the database, lost for the period but never spent twice.
            LOG.warnf("Could not report quota consumption (%s); retrying at the next maintenance", e.getMessage());
            for (int i = 0; i < kept.size(); i++) {
                LocalLease lease = kept.get(i);
                LeaseStore.Settlement settlement = settlements.get(i);
                lease.lock.lock();
                try {
                    lease.unrecorded += settlement.consumed();
                    if (!lease.closed) {
                        lease.available += settlement.returned();
                    }
                } finally {
                    lease.lock.unlock();
                }
            }
        }
    }

    /** Leases held in memory, for tests and diagnostics. */
    int leasesHeld() {
        return leases.size();
    }
}
