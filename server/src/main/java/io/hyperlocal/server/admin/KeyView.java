package io.hyperlocal.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hyperlocal.server.access.KeyRecord;
import io.hyperlocal.server.access.KeyScope;
import java.time.Instant;
import java.util.Locale;

/**
 * An API key as {@code /admin/keys} shows it: never the key itself, except in the answer that
 * creates it ({@code key}, shown once). Absent times are {@code null}.
 *
 * @param status {@code active}, {@code expired} or {@code revoked}, at the time of the answer
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record KeyView(
        String id,
        String object,
        @JsonInclude(JsonInclude.Include.NON_NULL) String key,
        String prefix,
        String role,
        @JsonProperty("subscriberId") String subscriberId,
        @JsonProperty("partnerAppId") String partnerAppId,
        String owner,
        String description,
        @JsonProperty("createdAt") String createdAt,
        @JsonProperty("expiresAt") String expiresAt,
        @JsonProperty("revokedAt") String revokedAt,
        String status) {

    static KeyView of(KeyRecord record, Instant now) {
        return of(record, now, null);
    }

    /** The view of a key just created, with the key in clear. */
    static KeyView created(KeyRecord record, Instant now, String key) {
        return of(record, now, key);
    }

    private static KeyView of(KeyRecord record, Instant now, String key) {
        String subscriber = record.scope() instanceof KeyScope.Subscriber scope ? scope.subscriberId() : null;
        String app = record.scope() instanceof KeyScope.PartnerApp scope ? scope.partnerAppId() : null;
        String status = record.revoked() ? "revoked" : record.expired(now) ? "expired" : "active";
        return new KeyView(record.id(), "api_key", key, record.prefix(), record.role().name().toLowerCase(Locale.ROOT),
                subscriber, app, record.owner(), record.description(), record.createdAt().toString(),
                record.expiresAt().map(Instant::toString).orElse(null),
                record.revokedAt().map(Instant::toString).orElse(null), status);
    }
}
