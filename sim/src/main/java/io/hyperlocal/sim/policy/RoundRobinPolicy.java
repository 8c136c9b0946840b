package io.hyperlocal.sim.policy;

import io.hyperlocal.sim.workload.SimRequest;

/** The admitted engines in turn, skipping those down: one shared counter, as a plain L4 balancer. */
public final class RoundRobinPolicy implements RoutingPolicy {
    private final Fleet fleet;
    private long next;

    RoundRobinPolicy(Fleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public int choose(SimRequest request) {
        int[] admitted = fleet.admitted(request);
        for (int tries = 0; tries < admitted.length; tries++) {
            int engine = admitted[(int) (next++ % admitted.length)];
            if (fleet.looksUp(engine)) {
                return engine;
            }
        }
        return NONE;
    }
}
