package io.hyperlocal.server.gateway;

import io.hyperlocal.core.Prompt;
import io.hyperlocal.routing.Candidate;
import io.hyperlocal.routing.RequesterJurisdiction;
import io.hyperlocal.routing.RequesterLocation;
import io.hyperlocal.routing.ResidencyScope;
import io.hyperlocal.routing.Route;
import io.hyperlocal.routing.Router;
import io.hyperlocal.routing.RoutingConfig;
import io.hyperlocal.routing.RoutingRequest;
import io.hyperlocal.server.access.Principal;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.federation.Federation;
import io.hyperlocal.server.federation.PolicyStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.SplittableRandom;

/**
 * The gateway's use of the routing module: one long-lived router (it remembers which engine holds
 * which prompt prefix and session), the residency policy in force, and the requester as the gateway
 * knows it: the key owner's jurisdiction, narrowed by {@code x-hyperlocal-jurisdiction}, located at
 * the gateway's own site (the point of presence the request came in through).
 */
@Singleton
public class Routing {
    private final Router router;
    private final PolicyStore policies;
    private final Federation federation;
    private final String gatewaySite;

    @Inject
    public Routing(HyperlocalConfig config, PolicyStore policies, Federation federation) {
        long seed = config.gateway().routingSeed().orElseGet(() -> new SecureRandom().nextLong());
        this.router = new Router(RoutingConfig.DEFAULTS, InstantSource.system(), new SplittableRandom(seed));
        this.policies = policies;
        this.federation = federation;
        this.gatewaySite = config.gateway().site();
    }

    /**
     * @param narrowing the {@code x-hyperlocal-jurisdiction} header, empty when absent
     * @param sessionId the {@code x-session-id} header, empty when absent
     */
    public RoutingRequest request(String requestId, String model, Principal principal, String narrowing,
            String sessionId, Prompt prompt) {
        RequesterJurisdiction requester = RequesterJurisdiction.of(principal.jurisdiction());
        if (!narrowing.isBlank()) {
            requester = requester.narrowedBy(narrowing);
        }
        // A loop rather than a stream: this runs on every request.
        RequesterLocation location = RequesterLocation.UNKNOWN;
        for (var site : federation.sites()) {
            if (site.site().id().equals(gatewaySite)) {
                location = new RequesterLocation.At(site.site().location());
                break;
            }
        }
        return new RoutingRequest(requestId, model, requester, location, sessionId, router.blocks(prompt));
    }

    /**
     * The narrowing of a request: the tags its subscription requires (an offer may say "served in
     * SecNumCloud sites only"), plus those the caller asks for in {@code x-hyperlocal-jurisdiction}.
     * Both only narrow the country's policy, never widen it.
     */
    static String narrowing(java.util.List<String> entitlementTags, String header) {
        if (entitlementTags.isEmpty()) {
            return header;
        }
        String tags = String.join(",", entitlementTags);
        return header.isBlank() ? tags : tags + "," + header;
    }

    public Route route(RoutingRequest request) {
        return router.route(request, policies.current(), federation.candidates());
    }

    /**
     * Refuses a request that the gateway itself would process (embeddings) when its site is outside
     * the requester's jurisdiction: the same hard rule as for engines.
     */
    public void requireGatewayAllowed(Principal principal, String narrowing) {
        ResidencyScope scope = scope(principal, narrowing);
        RequesterJurisdiction requester = scope.requester();
        federation.sites().stream().filter(site -> site.site().id().equals(gatewaySite)).findFirst()
                .flatMap(site -> scope.refusal(site.site()))
                .ifPresent(reason -> {
                    throw new io.hyperlocal.core.HyperlocalException(io.hyperlocal.core.ErrorCode.NO_ALLOWED_SITE,
                            "Embeddings are computed by the gateway at " + gatewaySite + ", which requests of "
                                    + requester.label() + " may not use: " + reason
                                    + ". Call a gateway in your jurisdiction.");
                });
    }

    /** Where {@code principal}'s requests may be served under the policy in force. */
    public ResidencyScope scope(Principal principal, String narrowing) {
        RequesterJurisdiction owner = RequesterJurisdiction.of(principal.jurisdiction());
        return policies.current().scopeFor(narrowing.isBlank() ? owner : owner.narrowedBy(narrowing));
    }

    /** After a failover, the engine that really served the request is the one to remember. */
    public void remember(RoutingRequest request, Candidate served) {
        router.remember(request, served);
    }
}
