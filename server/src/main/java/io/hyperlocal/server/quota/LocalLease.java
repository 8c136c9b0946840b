package io.hyperlocal.server.quota;

import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What one replica holds of one subscription's period: the tokens it leased and has not reserved
 * ({@code available}), those reserved by requests in flight, and those spent but not yet recorded
 * in the database. Every field is guarded by {@link #lock}; a request holds it for a few
 * arithmetic operations, or for one database round trip when the lease runs out.
 *
 * <p>Invariant, per replica and period: spent (recorded or not) + available + reserved = tokens
 * taken from the database - tokens given back. The database's {@code leased + consumed} is the sum
 * of the right-hand side over the replicas, which is why nothing is ever spent twice.
 */
final class LocalLease {
    final String subscriptionId;
    final PeriodWindow window;
    final ReentrantLock lock = new ReentrantLock();

    /** The period's allowance (base plus rollover) as the database created it; 0 until opened. */
    long allowance;
    boolean opened;
    long available;
    long reserved;
    long unrecorded;
    int inFlight;
    Instant lastUsed;
    /** The database had no free tokens at the last ask: do not ask again before this. */
    Instant exhaustedUntil = Instant.MIN;
    /** The period's over-allowance reservation went elsewhere (or here): never ask again. */
    boolean overdraftGone;
    boolean refilling;
    /** Dropped by maintenance; a request that finds it closed takes a fresh one. */
    boolean closed;

    LocalLease(String subscriptionId, PeriodWindow window, Instant now) {
        this.subscriptionId = subscriptionId;
        this.window = window;
        this.lastUsed = now;
    }

    /** Lease chunk: a share of the allowance, at least one token. */
    long chunk(int leasePercent) {
        return Math.max(1, allowance * leasePercent / 100);
    }
}
