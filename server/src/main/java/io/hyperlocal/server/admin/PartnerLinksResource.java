package io.hyperlocal.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.PartyDirectory;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * {@code /admin/partner-apps/{id}/subscribers/{subscriberId}}: which subscribers a partner app may
 * act for (its keys and tokens name the subscriber in {@code x-hyperlocal-subscriber}). Unlinking
 * takes effect on every replica within a second.
 */
@Path("/admin/partner-apps/{appId}/subscribers")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerLinksResource {
    private static final Logger LOG = Logger.getLogger(PartnerLinksResource.class);

    private final PartyDirectory parties;

    /** A link, as answered. */
    public record LinkView(@JsonProperty("partner_app_id") String partnerAppId,
            @JsonProperty("subscriber_id") String subscriberId, @JsonProperty("created_at") String createdAt) {}

    @Inject
    public PartnerLinksResource(PartyDirectory parties) {
        this.parties = parties;
    }

    /** Links the app to the subscriber: 201, or 200 when they were already linked. */
    @POST
    @Path("/{subscriberId}")
    public Response link(@PathParam("appId") String appId, @PathParam("subscriberId") String subscriberId) {
        requireParties(appId, subscriberId);
        boolean existed = parties.linked(appId, subscriberId);
        String createdAt = parties.link(appId, subscriberId).toString();
        if (!existed) {
            LOG.infof("Partner app %s may now act for subscriber %s", appId, subscriberId);
        }
        return Response.status(existed ? Response.Status.OK : Response.Status.CREATED)
                .entity(new LinkView(appId, subscriberId, createdAt)).build();
    }

    @DELETE
    @Path("/{subscriberId}")
    public Response unlink(@PathParam("appId") String appId, @PathParam("subscriberId") String subscriberId) {
        requireParties(appId, subscriberId);
        if (!parties.unlink(appId, subscriberId)) {
            throw new HyperlocalException(ErrorCode.NOT_FOUND, "Partner app '" + appId + "' is not linked to subscriber '"
                    + subscriberId + "'.");
        }
        LOG.infof("Partner app %s may no longer act for subscriber %s", appId, subscriberId);
        return Response.noContent().build();
    }

    private void requireParties(String appId, String subscriberId) {
        if (!parties.partnerAppExists(appId)) {
            throw new HyperlocalException(ErrorCode.NOT_FOUND, "No partner app '" + appId + "'. Register it first "
                    + "(POST /admin/partner-apps).");
        }
        if (parties.subscriber(subscriberId).isEmpty()) {
            throw new HyperlocalException(ErrorCode.NOT_FOUND, "No subscriber '" + subscriberId
                    + "'. Create or import the subscriber first.");
        }
    }
}
