package io.hyperlocal.sim.policy;

import io.hyperlocal.sim.workload.SimRequest;
import java.util.random.RandomGenerator;

/** Any admitted engine that is up, uniformly: the baseline that ignores load, distance and caches. */
public final class RandomPolicy implements RoutingPolicy {
    private final Fleet fleet;
    private final RandomGenerator random;

    RandomPolicy(Fleet fleet, RandomGenerator random) {
        this.fleet = fleet;
        this.random = random;
    }

    @Override
    public int choose(SimRequest request) {
        int[] admitted = fleet.admitted(request);
        int up = 0;
        for (int engine : admitted) {
            if (fleet.looksUp(engine)) {
                up++;
            }
        }
        if (up == 0) {
            return NONE;
        }
        int pick = random.nextInt(up);
        for (int engine : admitted) {
            if (fleet.looksUp(engine) && pick-- == 0) {
                return engine;
            }
        }
        throw new IllegalStateException("unreachable: counted " + up + " engines up");
    }
}
