package io.hyperlocal.server.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored API key, without its secret: what {@code /admin/keys} shows and what authentication
 * checks. A revoked key stays known (with its revocation time) so that its refusal can say when.
 *
 * @param jurisdiction the country routing uses: the subscriber's for a subscriber key (read from
 *     {@code subscriber}, so it follows the subscriber), the stored one otherwise
 */
public record KeyRecord(String id, String prefix, String owner, String jurisdiction, Principal.Role role,
        KeyScope scope, String description, Instant createdAt, Optional<Instant> expiresAt,
        Optional<Instant> revokedAt) {

    public KeyRecord {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(prefix, "prefix is null");
        Objects.requireNonNull(owner, "owner is null");
        Objects.requireNonNull(jurisdiction, "jurisdiction is null");
        Objects.requireNonNull(role, "role is null");
        Objects.requireNonNull(scope, "scope is null");
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
        Objects.requireNonNull(revokedAt, "revokedAt is null");
        if (role == Principal.Role.ADMIN && !(scope instanceof KeyScope.Unscoped)) {
            throw new IllegalArgumentException("an admin key acts for no subscriber or partner app: " + id);
        }
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    /** Whether the key has expired at {@code now}: from its {@code expires_at} on, inclusive. */
    public boolean expired(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    public boolean usable(Instant now) {
        return !revoked() && !expired(now);
    }
}
