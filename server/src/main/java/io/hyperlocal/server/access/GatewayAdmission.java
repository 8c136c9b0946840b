package io.hyperlocal.server.access;

import io.hyperlocal.core.TokenUsage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The gateway's admission: authentication by {@link Authenticator}; any principal may use any model. */
@ApplicationScoped
public class GatewayAdmission implements Admission {
    private final Authenticator authenticator;

    @Inject
    public GatewayAdmission(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Principal authenticate(String authorization, String actingFor) {
        return authenticator.authenticate(authorization, actingFor);
    }

    @Override
    public Ticket admit(Principal principal, Request request) {
        return new Ticket(request.requestId(), principal, request.model(), Math.max(0, request.maxTokens()), "", "");
    }

    @Override
    public void settle(Ticket ticket, TokenUsage usage) {
        // Nothing reserved yet: entitlements and quotas plug in here.
    }
}
