package io.hyperlocal.server.tmf.common;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.access.Authenticator;
import io.hyperlocal.server.access.Principal;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Every {@code /tmf-api} call comes from the operator's BSS and needs the admin key in
 * {@code Authorization: Bearer}. Refusals use the TMF {@code Error} body: 401 without a valid key,
 * 403 with a client key. It runs before matching, so an unauthenticated caller learns nothing of
 * the paths.
 */
@Provider
@PreMatching
public class TmfAuthentication implements ContainerRequestFilter {
    /*
     * Looked up per call: REST filters are built while the application is still being set up, before
     * the configuration that the authenticator (a singleton, so built with its first user) reads.
     */
    private final Instance<Authenticator> authenticator;

    @Inject
    public TmfAuthentication(Instance<Authenticator> authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(TmfPaths.ROOT) && !path.equals("/tmf-api")) {
            return;
        }
        String authorization = request.getHeaderString("authorization");
        Principal principal;
        try {
            principal = authenticator.get().authenticate(authorization == null ? "" : authorization, "");
        } catch (HyperlocalException e) {
            throw new TmfException(401, e.code().code(), "Unauthorized", e.getMessage(), "Authorization");
        }
        if (principal.role() != Principal.Role.ADMIN) {
            throw new TmfException(ErrorCode.ADMIN_REQUIRED, "Forbidden", "The key " + principal.keyId()
                    + " is a client key; the TM Forum APIs are for the operator's BSS and need the admin key "
                    + "(kept in <data-dir>/admin-api-key, or set with hyperlocal.admin.key).", "Authorization");
        }
    }
}
