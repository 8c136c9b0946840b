package io.hyperlocal.server.admin;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.federation.Platform;
import io.hyperlocal.server.federation.SiteRecord;
import io.hyperlocal.server.federation.SiteState;
import io.hyperlocal.server.federation.SiteStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code /admin/sites}: the platform team adds, changes, drains and removes sites and their engines.
 * Changes are stored, then applied to the live federation at once, without a restart.
 */
@Path("/admin/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SitesResource {
    private static final Logger LOG = Logger.getLogger(SitesResource.class);

    private final SiteStore store;
    private final Platform platform;

    @Inject
    public SitesResource(SiteStore store, Platform platform) {
        this.store = store;
        this.platform = platform;
    }

    @GET
    public List<SiteBody> list() {
        return store.list().stream().map(SiteBody::of).toList();
    }

    @GET
    @Path("/{id}")
    public SiteBody one(@PathParam("id") String id) {
        return SiteBody.of(find(id));
    }

    @PUT
    @Path("/{id}")
    public SiteBody save(@PathParam("id") String id, SiteBody body) {
        if (body == null) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON, "PUT /admin/sites/" + id + " needs a JSON site.");
        }
        SiteRecord record = body.toRecord(id);
        store.save(record);
        platform.reload();
        LOG.infof("Site %s saved (%s, %d declared engines) and applied", id, record.state().label(),
                record.engines().size());
        return SiteBody.of(find(id));
    }

    /** Sets the state alone: {@code {"state": "draining"}}. */
    @PUT
    @Path("/{id}/state")
    public SiteBody state(@PathParam("id") String id, Map<String, String> body) {
        SiteRecord record = find(id);
        String value = body == null ? null : body.get("state");
        SiteState state;
        try {
            state = SiteState.parse(value);
        } catch (IllegalArgumentException e) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE, e.getMessage(), "state");
        }
        store.save(new SiteRecord(record.site(), state, record.engines()));
        platform.reload();
        LOG.infof("Site %s is now %s", id, state.label());
        return SiteBody.of(find(id));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        if (!store.delete(id)) {
            throw notFound(id);
        }
        platform.reload();
        LOG.infof("Site %s removed", id);
        return Response.noContent().build();
    }

    private SiteRecord find(String id) {
        return store.list().stream().filter(record -> record.site().id().equals(id)).findFirst()
                .orElseThrow(() -> notFound(id));
    }

    private static HyperlocalException notFound(String id) {
        return new HyperlocalException(ErrorCode.NOT_FOUND, "No site '" + id + "'. GET /admin/sites lists them.");
    }
}
