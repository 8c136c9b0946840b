package io.hyperlocal.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.KeyScope;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The validated body of {@code POST /admin/keys}. */
record KeyRequest(KeyScope scope, String description, Optional<Instant> expiresAt) {
    static final List<String> FIELDS = List.of("subscriber_id", "partner_app_id", "description", "expires_at",
            "expires_in_days");
    static final int MAX_DAYS = 3650;

    static KeyRequest parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON, "POST /admin/keys needs a JSON object such as "
                    + "{\"subscriber_id\": \"sub-1\", \"expires_in_days\": 90}.");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new HyperlocalException(ErrorCode.UNKNOWN_PARAMETER, "Unknown field '" + field
                        + "'; a key takes " + FIELDS + ".", field);
            }
        });
        Optional<String> subscriber = text(body, "subscriber_id");
        Optional<String> app = text(body, "partner_app_id");
        if (subscriber.isPresent() && app.isPresent()) {
            throw HyperlocalException.invalidValue("partner_app_id", "A key is scoped to a subscriber or to a "
                    + "partner app, not both: drop subscriber_id or partner_app_id.");
        }
        if (subscriber.isEmpty() && app.isEmpty()) {
            throw new HyperlocalException(ErrorCode.MISSING_PARAMETER, "Name the key's scope: subscriber_id (a "
                    + "subscriber's own key) or partner_app_id (a partner app acting for its linked subscribers).",
                    "subscriber_id");
        }
        KeyScope scope = subscriber.<KeyScope>map(KeyScope.Subscriber::new)
                .orElseGet(() -> new KeyScope.PartnerApp(app.orElseThrow()));
        return new KeyRequest(scope, text(body, "description").orElse(""), expiry(body, now));
    }

    private static Optional<Instant> expiry(JsonNode body, Instant now) {
        boolean at = body.hasNonNull("expires_at");
        boolean days = body.hasNonNull("expires_in_days");
        if (at && days) {
            throw HyperlocalException.invalidValue("expires_in_days", "Give expires_at or expires_in_days, not both.");
        }
        if (days) {
            JsonNode value = body.get("expires_in_days");
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1
                    || value.asInt() > MAX_DAYS) {
                throw HyperlocalException.invalidValue("expires_in_days", "expires_in_days must be a whole number "
                        + "of days from 1 to " + MAX_DAYS + ", got " + value + ".");
            }
            return Optional.of(now.plus(Duration.ofDays(value.asInt())));
        }
        if (at) {
            Optional<String> value = text(body, "expires_at");
            Instant instant;
            try {
                instant = Instant.parse(value.orElse(""));
            } catch (DateTimeParseException e) {
                throw HyperlocalException.invalidValue("expires_at", "expires_at must be an ISO-8601 UTC time such "
                        + "as 2027-01-31T00:00:00Z, got " + body.get("expires_at") + ".");
            }
            if (!instant.isAfter(now)) {
                throw HyperlocalException.invalidValue("expires_at", "expires_at " + instant + " is not in the "
                        + "future (now " + now + ").");
            }
            return Optional.of(instant);
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new HyperlocalException(ErrorCode.INVALID_TYPE, field + " must be a string, got " + value + ".",
                    field);
        }
        if (value.asText().isBlank() && !field.equals("description")) {
            throw HyperlocalException.invalidValue(field, field + " must not be empty.");
        }
        return Optional.of(value.asText().trim());
    }
}
