package io.hyperlocal.sim.scenario;

import java.time.Duration;

/**
 * What the routing policies see of the engines.
 *
 * @param loadReportInterval how often engines report running, waiting and KV use (vLLM metrics
 *     scraped, or heartbeats); between reports the gateway adds the requests it sent itself
 * @param retryOnCrash whether requests in flight on a crashed site are retried elsewhere (migrated)
 *     rather than failed
 */
public record RoutingSpec(Duration loadReportInterval, boolean retryOnCrash) {
    /** llm-d's endpoint picker polls metrics every 50 ms; a federation's heartbeats are slower: 250 ms. */
    public static final RoutingSpec DEFAULTS = new RoutingSpec(Duration.ofMillis(250), true);

    public RoutingSpec {
        Check.positive("loadReportInterval", loadReportInterval);
    }
}
