package io.hyperlocal.server.subscribers;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.jboss.logging.Logger;

/** {@code /admin/partner-apps}: the partner applications that may hold keys acting for subscribers. */
@Path("/admin/partner-apps")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PartnerAppsResource {
    private static final Logger LOG = Logger.getLogger(PartnerAppsResource.class);

    private final PartnerAppStore store;

    @Inject
    public PartnerAppsResource(PartnerAppStore store) {
        this.store = store;
    }

    @GET
    public List<PartnerAppBody> list() {
        return store.list().stream().map(PartnerAppBody::of).toList();
    }

    @GET
    @Path("/{id}")
    public PartnerAppBody one(@PathParam("id") String id) {
        return store.find(id).map(PartnerAppBody::of).orElseThrow(() -> notFound(id));
    }

    /** Adds an application; 409 when its id is taken. */
    @POST
    public Response create(PartnerAppBody body) {
        if (body == null) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON,
                    "POST /admin/partner-apps needs a JSON partner application: {\"id\", \"name\"}.");
        }
        PartnerApp app = body.toPartnerApp();
        store.insert(app);
        LOG.infof("Partner application %s added", app.id());
        return Response.created(URI.create("/admin/partner-apps/" + app.id())).entity(PartnerAppBody.of(app)).build();
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!store.delete(id)) {
            throw notFound(id);
        }
        LOG.infof("Partner application %s removed", id);
        return Response.noContent().build();
    }

    private static HyperlocalException notFound(String id) {
        return new HyperlocalException(ErrorCode.NOT_FOUND, "No partner application '" + Text.shorten(id)
                + "'. GET /admin/partner-apps lists them.");
    }
}
