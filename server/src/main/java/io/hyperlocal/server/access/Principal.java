package io.hyperlocal.server.access;

import java.util.Objects;

/**
 * The authenticated caller of one request.
 *
 * @param keyId id of the credential used (an API key id, or {@code jwt:<issuer>#<jti or subject>})
 * @param owner who owns the credential, for logs
 * @param jurisdiction the subscriber's jurisdiction (ISO country code), which routing respects
 * @param role what the credential may call
 * @param subscriberId the subscriber the request is made for, empty when none (admin keys, legacy keys)
 * @param partnerAppId the partner application calling, empty when the subscriber calls directly
 */
public record Principal(String keyId, String owner, String jurisdiction, Role role, String subscriberId,
        String partnerAppId) {

    /** Clients call {@code /v1}; admins call {@code /admin} (and {@code /v1}). */
    public enum Role {
        CLIENT,
        ADMIN
    }

    public Principal {
        Objects.requireNonNull(keyId, "keyId is null");
        Objects.requireNonNull(owner, "owner is null");
        Objects.requireNonNull(jurisdiction, "jurisdiction is null");
        Objects.requireNonNull(role, "role is null");
        Objects.requireNonNull(subscriberId, "subscriberId is null");
        Objects.requireNonNull(partnerAppId, "partnerAppId is null");
    }

    /** A principal that acts for no subscriber. */
    public Principal(String keyId, String owner, String jurisdiction, Role role) {
        this(keyId, owner, jurisdiction, role, "", "");
    }

    public boolean hasSubscriber() {
        return !subscriberId.isEmpty();
    }
}
