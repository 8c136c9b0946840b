package io.hyperlocal.server.metering;

import java.time.Instant;
import java.util.Objects;

/**
 * One metered request: the unit of billing and audit, written as a CloudEvent (see
 * {@link UsageEvents}). Absent values are empty strings, or {@code -1} for the timings.
 *
 * @param id the gateway's request id, unique per source
 * @param source the gateway instance that served the request
 * @param time when the request ended
 * @param subject the subscriber id, or the key's owner when the key acts for no subscriber
 * @param subscriberId the subscriber, empty when none
 * @param partnerAppId the partner application that called, empty when none
 * @param keyId the credential used
 * @param subscriptionId the subscription charged, empty when none
 * @param offeringId that subscription's offering, empty when none
 * @param endpoint {@code chat.completions}, {@code completions} or {@code embeddings}
 * @param model the model requested
 * @param site the site that served (the last one after a failover), empty when none did
 * @param jurisdiction the requester's jurisdiction
 * @param promptTokens tokens read
 * @param completionTokens tokens generated
 * @param status how the request ended
 * @param errorCode the stable error code when {@code status} is failed, else empty
 * @param queuedMillis from arrival to the dispatch to the engine that served, -1 when never dispatched
 * @param firstTokenMillis from arrival to the first token, -1 when none came
 * @param totalMillis from arrival to the end
 */
public record UsageRecord(
        String id, String source, Instant time, String subject, String subscriberId, String partnerAppId,
        String keyId, String subscriptionId, String offeringId, String endpoint, String model, String site,
        String jurisdiction, int promptTokens, int completionTokens, UsageStatus status, String errorCode,
        long queuedMillis, long firstTokenMillis, long totalMillis) {

    public UsageRecord {
        requireText(id, "id");
        requireText(source, "source");
        Objects.requireNonNull(time, "time is null");
        requireText(subject, "subject");
        Objects.requireNonNull(subscriberId, "subscriberId is null");
        Objects.requireNonNull(partnerAppId, "partnerAppId is null");
        Objects.requireNonNull(keyId, "keyId is null");
        Objects.requireNonNull(subscriptionId, "subscriptionId is null");
        Objects.requireNonNull(offeringId, "offeringId is null");
        requireText(endpoint, "endpoint");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(site, "site is null");
        Objects.requireNonNull(jurisdiction, "jurisdiction is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(errorCode, "errorCode is null");
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: prompt " + promptTokens
                    + ", completion " + completionTokens);
        }
        if ((status == UsageStatus.FAILED) == errorCode.isEmpty()) {
            throw new IllegalArgumentException("errorCode must be set exactly when the status is failed: status "
                    + status.value() + ", errorCode '" + errorCode + "'");
        }
        if (queuedMillis < -1 || firstTokenMillis < -1 || totalMillis < 0) {
            throw new IllegalArgumentException("timings must be -1 (none) or positive: queued " + queuedMillis
                    + ", first token " + firstTokenMillis + ", total " + totalMillis);
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
