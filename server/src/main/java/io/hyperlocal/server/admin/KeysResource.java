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
import java.time.Instant;
import java.util.List;
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
     * Creates a key: {@code {"subscriberId": "..."} } or {@code {"partnerAppId": "..."} }, with an
     * optional {@code description} and {@code expiresAt} (ISO-8601) or {@code expiresInDays}.
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
    public List<KeyView> list(@QueryParam("subscriberId") String subscriberId,
            @QueryParam("partnerAppId") String partnerAppId) {
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
}
