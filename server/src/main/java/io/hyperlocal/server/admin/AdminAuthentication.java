package io.hyperlocal.server.admin;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.Admission;
import io.hyperlocal.server.access.Principal;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Every {@code /admin} call needs an admin key in {@code Authorization: Bearer}. */
@Provider
public class AdminAuthentication implements ContainerRequestFilter {
    /*
     * Looked up per call: REST filters are built while the application is still being set up, before
     * the configuration that the admission's beans (singletons, so built with their first user) read.
     */
    private final Instance<Admission> admission;

    @Inject
    public AdminAuthentication(Instance<Admission> admission) {
        this.admission = admission;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/admin")) {
            return;
        }
        String authorization = request.getHeaderString("authorization");
        Principal principal = admission.get().authenticate(authorization == null ? "" : authorization, "");
        if (principal.role() != Principal.Role.ADMIN) {
            throw new HyperlocalException(ErrorCode.ADMIN_REQUIRED, "The key " + principal.keyId()
                    + " is a client key; /admin needs the admin key (printed by ./hyperlocal up, kept in "
                    + "<data-dir>/admin-api-key, or set with hyperlocal.admin.key).");
        }
    }
}
