package io.hyperlocal.server.access;

import io.hyperlocal.core.TokenUsage;
import java.util.List;
import java.util.Map;
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
     * @param actingFor the {@code x-hyperlocal-subscriber} header, empty when absent
     * @throws io.hyperlocal.core.HyperlocalException as {@link Authenticator#authenticate} does
     */
    Principal authenticate(String authorization, String actingFor);

    /**
     * Admits a parsed request of {@code principal}.
     *
     * @throws io.hyperlocal.core.HyperlocalException with a permission or quota code
     */
    Ticket admit(Principal principal, Request request);

    /** Called once per admitted request when it ends, however it ends. */
    void settle(Ticket ticket, TokenUsage usage);

    /**
     * What admission needs to know of a parsed request.
     *
     * @param requestId the gateway's request id
     * @param model the model the request names
     * @param maxTokens most tokens the request may generate, {@code -1} when the caller set no limit
     * @param promptBytes UTF-8 bytes of the prompt (an upper bound of its tokens, less template tokens)
     */
    record Request(String requestId, String model, int maxTokens, long promptBytes) {
        public Request {
            Objects.requireNonNull(requestId, "requestId is null");
            Objects.requireNonNull(model, "model is null");
            if (maxTokens < -1) {
                throw new IllegalArgumentException("maxTokens must be -1 (no limit) or positive: " + maxTokens);
            }
            if (promptBytes < 0) {
                throw new IllegalArgumentException("promptBytes must not be negative: " + promptBytes);
            }
        }
    }

    /**
     * Proof that a request was admitted.
     *
     * @param reservedTokens tokens reserved of the subscription's allowance (0 when none)
     * @param subscriptionId the subscription charged, empty when none (admin keys)
     * @param offeringId the offering of that subscription, empty when none
     * @param generationLimit most tokens the generation may produce when the caller set no
     *     {@code max_tokens} (the gateway clamps it so usage stays within the reservation);
     *     {@code -1} for no limit
     * @param residencyTags jurisdiction tags every serving site must carry, from the entitlement
     *     (routing narrows with them); empty for the residency policy alone
     * @param headers response headers for the answer ({@code x-ratelimit-*})
     */
    record Ticket(String requestId, Principal principal, String model, int reservedTokens, String subscriptionId,
            String offeringId, int generationLimit, List<String> residencyTags, Map<String, String> headers) {
        public Ticket {
            Objects.requireNonNull(requestId, "requestId is null");
            Objects.requireNonNull(principal, "principal is null");
            Objects.requireNonNull(model, "model is null");
            Objects.requireNonNull(subscriptionId, "subscriptionId is null");
            Objects.requireNonNull(offeringId, "offeringId is null");
            if (reservedTokens < 0) {
                throw new IllegalArgumentException("reservedTokens must not be negative: " + reservedTokens);
            }
            if (generationLimit < -1) {
                throw new IllegalArgumentException("generationLimit must be -1 (no limit) or more: " + generationLimit);
            }
            residencyTags = List.copyOf(Objects.requireNonNull(residencyTags, "residencyTags is null"));
            headers = Map.copyOf(Objects.requireNonNull(headers, "headers is null"));
        }

        /** A ticket without entitlement limits. */
        public Ticket(String requestId, Principal principal, String model, int reservedTokens, String subscriptionId,
                String offeringId) {
            this(requestId, principal, model, reservedTokens, subscriptionId, offeringId, -1, List.of(), Map.of());
        }
    }
}
