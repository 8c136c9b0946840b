package io.hyperlocal.server.access;

import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.server.quota.Enforcement;
import io.hyperlocal.server.quota.QuotaService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The gateway's admission: authentication by {@link Authenticator}, then, for a principal that acts
 * for a subscriber, the entitlements, allowance and limits of {@link Enforcement}. A principal
 * without a subscriber (admin keys, legacy client keys) is admitted without entitlement limits.
 */
@ApplicationScoped
public class GatewayAdmission implements Admission {
    private final Authenticator authenticator;
    private final QuotaService quotas;

    @Inject
    public GatewayAdmission(Authenticator authenticator, QuotaService quotas) {
        this.authenticator = authenticator;
        this.quotas = quotas;
    }

    @Override
    public Principal authenticate(String authorization, String actingFor) {
        return authenticator.authenticate(authorization, actingFor);
    }

    @Override
    public Ticket admit(Principal principal, Request request) {
        if (!principal.hasSubscriber()) {
            return new Ticket(request.requestId(), principal, request.model(), 0, "", "");
        }
        Enforcement.Admitted admitted = quotas.enforcement().admit(request.requestId(), principal.subscriberId(),
                request.model(), request.maxTokens(), request.promptBytes());
        return new Ticket(request.requestId(), principal, request.model(),
                (int) Math.min(Integer.MAX_VALUE, admitted.reservedTokens()), admitted.subscriptionId(),
                admitted.offeringId(), admitted.generationLimit(), admitted.residencyTags(), admitted.headers());
    }

    @Override
    public void settle(Ticket ticket, TokenUsage usage) {
        if (!ticket.subscriptionId().isEmpty()) {
            // Idempotent: a second settle of the same request does nothing.
            quotas.enforcement().settle(ticket.requestId(), usage.totalTokens());
        }
    }
}
