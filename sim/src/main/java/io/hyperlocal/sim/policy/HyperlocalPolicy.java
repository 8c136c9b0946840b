package io.hyperlocal.sim.policy;

import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.routing.Route;
import io.hyperlocal.routing.Router;
import io.hyperlocal.routing.RoutingConfig;
import io.hyperlocal.sim.workload.SimRequest;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * The gateway's real policy: the routing module's {@link Router} (residency, model, health and
 * saturation filters; proximity, load, prefix-affinity and session scorers with the load guard) on
 * the fleet's candidates, reading the simulated clock.
 */
public final class HyperlocalPolicy implements RoutingPolicy {
    private final Fleet fleet;
    private final Router router;

    HyperlocalPolicy(Fleet fleet, RandomGenerator random) {
        this(fleet, random, RoutingConfig.DEFAULTS);
    }

    HyperlocalPolicy(Fleet fleet, RandomGenerator random, RoutingConfig config) {
        this.fleet = fleet;
        this.router = new Router(config, fleet.clock(), random);
    }

    @Override
    public int choose(SimRequest request) {
        try {
            Route route = router.route(fleet.routingRequest(request), fleet.residencyPolicy(), fleet.candidates());
            return fleet.engineOf(route.best().candidate());
        } catch (HyperlocalException noRoute) {
            // No allowed engine up and unsaturated: the gateway answers 503/429 rather than relax residency.
            return NONE;
        }
    }
}
