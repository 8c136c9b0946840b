package io.hyperlocal.sim.policy;

import io.hyperlocal.routing.Candidate;
import io.hyperlocal.routing.ResidencyPolicy;
import io.hyperlocal.routing.RoutingRequest;
import io.hyperlocal.sim.workload.SimRequest;
import java.time.InstantSource;
import java.util.List;

/**
 * What a routing policy sees of the federation: the gateway's view, not the truth. Load figures come
 * from the last report plus the requests the gateway sent since; an engine counts as down from the
 * moment its site stops answering until its first report after recovery.
 */
public interface Fleet {
    int engineCount();

    /** The site index of an engine. */
    int siteOf(int engine);

    /** Whether the gateway believes the engine can take work. */
    boolean looksUp(int engine);

    /**
     * Engines the request's residency rule admits, by the routing module's own residency code (a hard
     * filter for every policy); up or not.
     */
    int[] admitted(SimRequest request);

    /** Round-trip time between the request's region and a site, ns. */
    long rttNanos(SimRequest request, int site);

    /** Reported queue pressure of an engine: (running + waiting) / max running, gateway-sent requests included. */
    double queuePressure(int engine);

    /** Reported share of the engine's KV cache in use. */
    double kvUsage(int engine);

    /** Every engine as the routing module's candidates, with the same view of load and health. */
    List<Candidate> candidates();

    /** The routing module's view of the request. */
    RoutingRequest routingRequest(SimRequest request);

    ResidencyPolicy residencyPolicy();

    /** The simulated clock, as the router reads time. */
    InstantSource clock();

    /** The global engine index of a routing candidate. */
    int engineOf(Candidate candidate);
}
