package io.hyperlocal.server.access.jwt;

import java.time.Instant;
import java.util.Objects;

/**
 * What a verified JWT says.
 *
 * @param subscriber the subscriber claim: a subscriber id, or an MSISDN when it starts with {@code +}
 * @param partnerAppId the partner claim, empty when absent
 * @param tokenId {@code jti}, else {@code sub}: names the credential in logs and principals
 */
public record VerifiedToken(String issuer, String subscriber, String partnerAppId, String tokenId, Instant expiresAt) {
    public VerifiedToken {
        Objects.requireNonNull(issuer, "issuer is null");
        Objects.requireNonNull(subscriber, "subscriber is null");
        Objects.requireNonNull(partnerAppId, "partnerAppId is null");
        Objects.requireNonNull(tokenId, "tokenId is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
    }

    /** Whether the subscriber is named by MSISDN (E.164) rather than by id. */
    public boolean byMsisdn() {
        return subscriber.startsWith("+");
    }
}
