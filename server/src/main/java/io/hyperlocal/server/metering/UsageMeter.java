package io.hyperlocal.server.metering;

import io.hyperlocal.server.access.Admission;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.function.LongSupplier;

/**
 * Where the gateway meters its requests: {@link #open} when a request is admitted, then exactly one
 * of the {@link MeteredRequest}'s endings when it ends. Admission comes first on purpose: a request
 * refused before it (bad key, bad body, quota) used nothing and has no usage record.
 */
@Singleton
public class UsageMeter {
    private final UsageLedger ledger;
    private final LongSupplier nanoTime;

    @Inject
    public UsageMeter(UsageLedger ledger) {
        this(ledger, System::nanoTime);
    }

    UsageMeter(UsageLedger ledger, LongSupplier nanoTime) {
        this.ledger = ledger;
        this.nanoTime = nanoTime;
    }

    /**
     * Starts metering an admitted request.
     *
     * @param endpoint the gateway's endpoint name ({@code chat.completions}, {@code completions}, {@code embeddings})
     * @param startedNanos when the gateway received it, on {@link System#nanoTime()}'s scale
     */
    public MeteredRequest open(Admission.Ticket ticket, String endpoint, long startedNanos) {
        return new MeteredRequest(ledger, nanoTime, ticket, endpoint, startedNanos);
    }
}
