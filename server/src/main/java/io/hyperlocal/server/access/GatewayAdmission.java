package io.hyperlocal.server.access;

import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.server.quota.Enforcement;
import io.hyperlocal.server.quota.QuotaService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The gateway's admission: authentication by {@link Authenticator}, then, for a principal that acts
 * for a subscriber, the entitlements, allowance and limits of {@link Enforcement}. A principal
 * without a subscriber (admin keys, legacy client keys) is admitted without entitlement limits.
 */
@Singleton
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
            if (principal.role() == Principal.Role.ADMIN) {
                // The operator's own key: not a customer, nothing to enforce or charge.
                return new Ticket(request.requestId(), principal, request.model(), 0, "", "");
            }
            // A client key must act for a subscriber: every request a customer makes is entitled and
            // charged. Keys from before subscribers existed have no subscriber and stop here.
            throw new io.hyperlocal.core.HyperlocalException(io.hyperlocal.core.ErrorCode.NO_ACTIVE_SUBSCRIPTION,
                    "The key " + principal.keyId() + " acts for no subscriber, so no subscription covers this request. "
                            + "Use a key created for a subscriber (POST /admin/keys with subscriber_id), or a partner "
                            + "app key with x-hyperlocal-subscriber.");
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
