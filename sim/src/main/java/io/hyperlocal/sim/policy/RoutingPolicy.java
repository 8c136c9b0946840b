package io.hyperlocal.sim.policy;

import io.hyperlocal.sim.workload.SimRequest;

/**
 * Chooses the engine for a request. Residency is a hard filter in every policy (only
 * {@link Fleet#admitted} engines), and engines the gateway sees as down are never chosen.
 */
public sealed interface RoutingPolicy
        permits RandomPolicy, RoundRobinPolicy, LeastLoadedPolicy, ProximityPolicy, HyperlocalPolicy {

    /** Sentinel: no engine may take the request. */
    int NONE = -1;

    /** The engine to send the request to, or {@link #NONE}. */
    int choose(SimRequest request);
}
