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
    static final List<String> FIELDS = List.of("subscriberId", "partnerAppId", "description", "expiresAt",
            "expiresInDays");
    static final int MAX_DAYS = 3650;

    static KeyRequest parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON, "POST /admin/keys needs a JSON object such as "
                    + "{\"subscriberId\": \"sub-1\", \"expiresInDays\": 90}.");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new HyperlocalException(ErrorCode.UNKNOWN_PARAMETER, "Unknown field '" + field
                        + "'; a key takes " + FIELDS + ".", field);
            }
        });
        Optional<String> subscriber = text(body, "subscriberId");
        Optional<String> app = text(body, "partnerAppId");
        if (subscriber.isPresent() && app.isPresent()) {
            throw HyperlocalException.invalidValue("partnerAppId", "A key is scoped to a subscriber or to a "
                    + "partner app, not both: drop subscriberId or partnerAppId.");
        }
        if (subscriber.isEmpty() && app.isEmpty()) {
            throw new HyperlocalException(ErrorCode.MISSING_PARAMETER, "Name the key's scope: subscriberId (a "
                    + "subscriber's own key) or partnerAppId (a partner app acting for its linked subscribers).",
                    "subscriberId");
        }
        KeyScope scope = subscriber.<KeyScope>map(KeyScope.Subscriber::new)
                .orElseGet(() -> new KeyScope.PartnerApp(app.orElseThrow()));
        return new KeyRequest(scope, text(body, "description").orElse(""), expiry(body, now));
    }

    private static Optional<Instant> expiry(JsonNode body, Instant now) {
        boolean at = body.hasNonNull("expiresAt");
        boolean days = body.hasNonNull("expiresInDays");
        if (at && days) {
            throw HyperlocalException.invalidValue("expiresInDays", "Give expiresAt or expiresInDays, not both.");
        }
        if (days) {
            JsonNode value = body.get("expiresInDays");
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1
                    || value.asInt() > MAX_DAYS) {
                throw HyperlocalException.invalidValue("expiresInDays", "expiresInDays must be a whole number "
                        + "of days from 1 to " + MAX_DAYS + ", got " + value + ".");
            }
            return Optional.of(now.plus(Duration.ofDays(value.asInt())));
        }
        if (at) {
            Optional<String> value = text(body, "expiresAt");
            Instant instant;
            try {
                instant = Instant.parse(value.orElse(""));
            } catch (DateTimeParseException e) {
                throw HyperlocalException.invalidValue("expiresAt", "expiresAt must be an ISO-8601 UTC time such "
                        + "as 2027-01-31T00:00:00Z, got " + body.get("expiresAt") + ".");
            }
            if (!instant.isAfter(now)) {
                throw HyperlocalException.invalidValue("expiresAt", "expiresAt " + instant + " is not in the "
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
