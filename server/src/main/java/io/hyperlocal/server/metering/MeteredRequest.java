package io.hyperlocal.server.metering;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.server.access.Admission;
import io.hyperlocal.server.access.Principal;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One admitted request being metered. Its first ending ({@link #completed}, {@link #failed} or
 * {@link #cancelled}) appends its usage record; later ones do nothing, so every exit path of the
 * gateway may end it without counting a request twice. The gateway ends it before the answer's last
 * bytes are written: a client that saw its answer complete always has its record.
 *
 * <p>Thread-safe: the engine's thread and the event loop may race to end it.
 */
public final class MeteredRequest {
    private final UsageLedger ledger;
    private final LongSupplier nanoTime;
    private final Admission.Ticket ticket;
    private final String endpoint;
    private final long startedNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long dispatchedNanos;
    private volatile long firstTokenNanos;

    MeteredRequest(UsageLedger ledger, LongSupplier nanoTime, Admission.Ticket ticket, String endpoint,
            long startedNanos) {
        this.ledger = ledger;
        this.nanoTime = nanoTime;
        this.ticket = ticket;
        this.endpoint = endpoint;
        this.startedNanos = startedNanos;
    }

    /** An engine accepted the request (the last one to do so counts: after a failover, the one that served). */
    public void dispatched() {
        dispatchedNanos = nanoTime.getAsLong();
    }

    /** The first token reached the gateway; later calls are ignored. */
    public void firstToken() {
        if (firstTokenNanos == 0) {
            firstTokenNanos = nanoTime.getAsLong();
        }
    }

    /**
     * The whole answer is about to be sent. Returns false when the request had already ended.
     *
     * @throws io.hyperlocal.core.HyperlocalException {@code USAGE_NOT_RECORDED}: withhold the answer
     */
    public boolean completed(String site, TokenUsage usage) {
        return end(site, usage, UsageStatus.COMPLETED, "");
    }

    /** The request failed with {@code code}; returns false when it had already ended. */
    public boolean failed(String site, TokenUsage usage, ErrorCode code) {
        return end(site, usage, UsageStatus.FAILED, code.code());
    }

    /** The client went away; returns false when the request had already ended. */
    public boolean cancelled(String site, TokenUsage usage) {
        return end(site, usage, UsageStatus.CANCELLED, "");
    }

    private boolean end(String site, TokenUsage usage, UsageStatus status, String errorCode) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        long now = nanoTime.getAsLong();
        Principal principal = ticket.principal();
        String subject = principal.hasSubscriber() ? principal.subscriberId()
                : principal.owner().isBlank() ? principal.keyId() : principal.owner();
        UsageRecord record = new UsageRecord(ticket.requestId(), ledger.source(), ledger.clock().instant(), subject,
                principal.subscriberId(), principal.partnerAppId(), principal.keyId(), ticket.subscriptionId(),
                ticket.offeringId(), endpoint, ticket.model(), site, principal.jurisdiction(),
                usage.promptTokens(), usage.completionTokens(), status, errorCode, millis(dispatchedNanos),
                millis(firstTokenNanos), Math.max(0, TimeUnit.NANOSECONDS.toMillis(now - startedNanos)));
        try {
            ledger.append(record);
        } catch (HyperlocalException e) {
            // Only a completed answer can still be withheld; a failure or a cancellation ends anyway,
            // and the ledger logged why its record is missing.
            if (status == UsageStatus.COMPLETED) {
                throw e;
            }
        }
        return true;
    }

    private long millis(long nanos) {
        return nanos == 0 ? -1 : Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanos - startedNanos));
    }
}
