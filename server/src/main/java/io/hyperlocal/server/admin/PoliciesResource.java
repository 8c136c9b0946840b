package io.hyperlocal.server.admin;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.routing.ResidencyPolicy;
import io.hyperlocal.server.federation.PolicyStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * {@code /admin/policies}: the residency policy in force, its history, and a new version. A new
 * version applies to the next request; a version is never changed once stored.
 */
@Path("/admin/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoliciesResource {
    private static final Logger LOG = Logger.getLogger(PoliciesResource.class);

    private final PolicyStore store;

    @Inject
    public PoliciesResource(PolicyStore store) {
        this.store = store;
    }

    public record Current(long version, PolicyStore.PolicyBody policy) {}

    @GET
    public Current current() {
        ResidencyPolicy policy = store.current();
        return new Current(policy.version(), PolicyStore.of(policy));
    }

    @GET
    @Path("/history")
    public List<PolicyStore.Version> history() {
        return store.history();
    }

    @PUT
    public Current replace(PolicyStore.PolicyBody body) {
        store.current();
        try {
            ResidencyPolicy policy = store.save(body, "admin API");
            LOG.infof("Residency policy version %d is in force: %s", policy.version(), PolicyStore.of(policy));
            return new Current(policy.version(), PolicyStore.of(policy));
        } catch (IllegalArgumentException e) {
            throw new HyperlocalException(ErrorCode.INVALID_VALUE, "Invalid residency policy: " + e.getMessage());
        }
    }
}
