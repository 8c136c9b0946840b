package io.hyperlocal.server.gateway;

import io.hyperlocal.routing.Candidate;
import io.hyperlocal.routing.Route;
import io.hyperlocal.routing.Router;
import io.hyperlocal.server.config.HyperlocalConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.SplittableRandom;

/**
 * The gateway's use of the routing module. Each request gets a router over its own random stream,
 * split from one root generator: decisions stay reproducible for a configured seed and no lock is
 * held while routing.
 */
@ApplicationScoped
public class Routing {
    private final SplittableRandom root;

    @Inject
    public Routing(HyperlocalConfig config) {
        this.root = new SplittableRandom(config.gateway().routingSeed().orElseGet(() -> new SecureRandom().nextLong()));
    }

    public Route route(String requestId, String model, Collection<Candidate> candidates) {
        SplittableRandom random;
        synchronized (root) {
            random = root.split();
        }
        return new Router(random).route(requestId, model, candidates);
    }
}
