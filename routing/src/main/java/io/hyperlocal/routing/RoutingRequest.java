package io.hyperlocal.routing;

import java.util.Objects;

/**
 * What routing needs to know about one request.
 *
 * @param requestId the gateway's request id
 * @param model the model asked for
 * @param requester whose residency rules apply, with any narrowing from the request
 * @param location where the request comes from
 * @param sessionId the {@code x-session-id} value; empty when the request has none
 * @param prompt the prompt's chained block hashes, {@link PromptBlocks#NONE} to skip prefix affinity
 */
public record RoutingRequest(
        String requestId, String model, RequesterJurisdiction requester, RequesterLocation location, String sessionId,
        PromptBlocks prompt) {
    public RoutingRequest {
        Objects.requireNonNull(requestId, "requestId is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(requester, "requester is null");
        Objects.requireNonNull(location, "location is null");
        Objects.requireNonNull(sessionId, "sessionId is null");
        Objects.requireNonNull(prompt, "prompt is null");
    }

    /** A request with no location, session or prompt blocks: residency, load and health only. */
    public static RoutingRequest of(String requestId, String model, RequesterJurisdiction requester) {
        return new RoutingRequest(requestId, model, requester, RequesterLocation.UNKNOWN, "", PromptBlocks.NONE);
    }

    boolean hasSession() {
        return !sessionId.isEmpty();
    }
}
