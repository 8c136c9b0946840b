package io.hyperlocal.sim.policy;

import io.hyperlocal.sim.workload.SimRequest;
import java.util.random.RandomGenerator;

/**
 * The admitted engine with the lowest reported load (queue pressure plus KV use, as llm-d's queue and
 * KV scorers weigh them), anywhere allowed; ties broken at random.
 */
public final class LeastLoadedPolicy implements RoutingPolicy {
    private final Fleet fleet;
    private final RandomGenerator random;

    LeastLoadedPolicy(Fleet fleet, RandomGenerator random) {
        this.fleet = fleet;
        this.random = random;
    }

    @Override
    public int choose(SimRequest request) {
        int best = NONE;
        double bestLoad = Double.MAX_VALUE;
        int ties = 0;
        for (int engine : fleet.admitted(request)) {
            if (!fleet.looksUp(engine)) {
                continue;
            }
            double load = fleet.queuePressure(engine) + fleet.kvUsage(engine);
            if (load < bestLoad) {
                best = engine;
                bestLoad = load;
                ties = 1;
            } else if (load == bestLoad && random.nextInt(++ties) == 0) {
                // Reservoir sampling keeps each tied engine with equal probability.
                best = engine;
            }
        }
        return best;
    }
}
