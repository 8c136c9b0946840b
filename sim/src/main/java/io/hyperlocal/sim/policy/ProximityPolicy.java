package io.hyperlocal.sim.policy;

import io.hyperlocal.sim.workload.SimRequest;
import java.util.random.RandomGenerator;

/**
 * The nearest admitted site that is up (lowest RTT), a random engine there: geographic DNS or
 * anycast, blind to load and caches.
 */
public final class ProximityPolicy implements RoutingPolicy {
    private final Fleet fleet;
    private final RandomGenerator random;

    ProximityPolicy(Fleet fleet, RandomGenerator random) {
        this.fleet = fleet;
        this.random = random;
    }

    @Override
    public int choose(SimRequest request) {
        int[] admitted = fleet.admitted(request);
        long nearest = Long.MAX_VALUE;
        int site = -1;
        for (int engine : admitted) {
            if (fleet.looksUp(engine)) {
                long rtt = fleet.rttNanos(request, fleet.siteOf(engine));
                if (rtt < nearest) {
                    nearest = rtt;
                    site = fleet.siteOf(engine);
                }
            }
        }
        if (site < 0) {
            return NONE;
        }
        int count = 0;
        for (int engine : admitted) {
            if (fleet.looksUp(engine) && fleet.siteOf(engine) == site) {
                count++;
            }
        }
        int pick = random.nextInt(count);
        for (int engine : admitted) {
            if (fleet.looksUp(engine) && fleet.siteOf(engine) == site && pick-- == 0) {
                return engine;
            }
        }
        throw new IllegalStateException("unreachable: counted " + count + " engines at site " + site);
    }
}
