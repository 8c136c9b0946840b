package io.hyperlocal.server.access;

import io.hyperlocal.core.TokenUsage;
import java.util.Objects;

/**
 * The gateway's admission step, between parsing and routing. Today it authenticates the key; the
 * subscriber issue adds entitlement checks and quota reservation here without touching the
 * handlers: {@link #admit} reserves, {@link #settle} releases what was reserved against what was
 * really used.
 */
public interface Admission {

    /**
     * Checks the credential before anything else is looked at, as OpenAI does: a request without a
     * valid key gets 401 even when its body is malformed.
     *
     * @param authorization the {@code Authorization} header, empty when absent
     * @throws io.hyperlocal.core.HyperlocalException {@code MISSING_API_KEY} or {@code INVALID_API_KEY}
     */
    Principal authenticate(String authorization);

    /**
     * Admits a parsed request of {@code principal}.
     *
     * @param model the model the request names
     * @param maxTokens most tokens the request may consume, for reservations
     * @throws io.hyperlocal.core.HyperlocalException with a permission or quota code
     */
    Ticket admit(Principal principal, String model, int maxTokens);

    /** Called once per admitted request when it ends, however it ends. */
    void settle(Ticket ticket, TokenUsage usage);

    /** Proof that a request was admitted. */
    record Ticket(Principal principal, String model, int reservedTokens) {
        public Ticket {
            Objects.requireNonNull(principal, "principal is null");
            Objects.requireNonNull(model, "model is null");
            if (reservedTokens < 0) {
                throw new IllegalArgumentException("reservedTokens must not be negative: " + reservedTokens);
            }
        }
    }
}
