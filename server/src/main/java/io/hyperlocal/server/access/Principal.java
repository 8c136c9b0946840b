package io.hyperlocal.server.access;

import java.util.Objects;

/**
 * The authenticated caller of one request.
 *
 * @param keyId id of the API key used
 * @param owner who owns the key
 * @param jurisdiction the owner's jurisdiction (ISO country code), which routing respects
 * @param role what the key may call
 */
public record Principal(String keyId, String owner, String jurisdiction, Role role) {

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
    }
}
