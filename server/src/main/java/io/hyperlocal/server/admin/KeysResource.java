package io.hyperlocal.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.ApiKeyStore;
import io.hyperlocal.server.access.ApiKeys;
import io.hyperlocal.server.access.KeyRecord;
import io.hyperlocal.server.access.KeyScope;
import io.hyperlocal.server.access.PartyDirectory;
import io.hyperlocal.server.access.Principal;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code /admin/keys}: API keys of subscribers and partner apps. A key is shown once, in the answer
 * that creates it; afterwards only its prefix. Revocation takes effect on every replica within a
 * second; a revoked key stays listed, with its revocation time.
 */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KeysResource {
    private static final Logger LOG = Logger.getLogger(KeysResource.class);

    private final ApiKeyStore keys;
    private final PartyDirectory parties;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public KeysResource(ApiKeyStore keys, PartyDirectory parties) {
        this.keys = keys;
        this.parties = parties;
    }

    /**
     * Creates a key: {@code {"subscriber_id": "..."} } or {@code {"partner_app_id": "..."} }, with an
     * optional {@code description} and {@code expires_at} (ISO-8601) or {@code expires_in_days}.
     */
    @POST
    public Response create(JsonNode body) {
        Instant now = keys.clock().instant();
        KeyRequest request = KeyRequest.parse(body, now);
        String jurisdiction = switch (request.scope()) {
            case KeyScope.Subscriber subscriber -> parties.subscriber(subscriber.subscriberId())
                    .orElseThrow(() -> notFound("No subscriber '" + subscriber.subscriberId()
                            + "'. Create or import the subscriber first."))
                    .country();
            case KeyScope.PartnerApp app -> {
                if (!parties.partnerAppExists(app.partnerAppId())) {
                    throw notFound("No partner app '" + app.partnerAppId() + "'. Register it first (POST /admin/partner-apps).");
                }
                yield ""; // a partner app acts in the jurisdiction of the subscriber it names
            }
            case KeyScope.Unscoped unscoped -> throw new IllegalStateException("KeyRequest always scopes a key");
        };
        String key = ApiKeys.generate(random);
        KeyRecord record = keys.create(key, request.scope(), Principal.Role.CLIENT, owner(request.scope()), jurisdiction,
                request.description(), request.expiresAt());
        LOG.infof("API key %s created for %s%s", record.id(), request.scope().describe(),
                request.expiresAt().map(at -> ", expiring at " + at).orElse(""));
        return Response.status(Response.Status.CREATED).entity(KeyView.created(record, now, key)).build();
    }

    @GET
    public List<KeyView> list(@QueryParam("subscriber_id") String subscriberId,
            @QueryParam("partner_app_id") String partnerAppId) {
        Instant now = keys.clock().instant();
        KeyScope filter = subscriberId != null && !subscriberId.isBlank() ? new KeyScope.Subscriber(subscriberId)
                : partnerAppId != null && !partnerAppId.isBlank() ? new KeyScope.PartnerApp(partnerAppId)
                : new KeyScope.Unscoped();
        return keys.list(filter).stream().map(record -> KeyView.of(record, now)).toList();
    }

    @GET
    @Path("/{id}")
    public KeyView one(@PathParam("id") String id) {
        return KeyView.of(keys.byId(id).orElseThrow(() -> unknownKey(id)), keys.clock().instant());
    }

    /** Revokes the key (it stays listed); revoking twice keeps the first revocation time. */
    @DELETE
    @Path("/{id}")
    public KeyView delete(@PathParam("id") String id) {
        return revoke(id);
    }

    @POST
    @Path("/{id}/revoke")
    public KeyView revoke(@PathParam("id") String id) {
        KeyRecord revoked = keys.revoke(id).orElseThrow(() -> unknownKey(id));
        LOG.infof("API key %s revoked (at %s)", id, revoked.revokedAt().orElseThrow());
        return KeyView.of(revoked, keys.clock().instant());
    }

    private static String owner(KeyScope scope) {
        return switch (scope) {
            case KeyScope.Subscriber subscriber -> "subscriber:" + subscriber.subscriberId();
            case KeyScope.PartnerApp app -> "partner-app:" + app.partnerAppId();
            case KeyScope.Unscoped unscoped -> "operator";
        };
    }

    private static HyperlocalException unknownKey(String id) {
        return notFound("No API key '" + id + "'. GET /admin/keys lists them.");
    }

    private static HyperlocalException notFound(String message) {
        return new HyperlocalException(ErrorCode.NOT_FOUND, message);
    }

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
                } catch (java.time.format.DateTimeParseException e) {
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
}
