package io.hyperlocal.routing;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.Site;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** Sites, candidates and policies for routing tests: a small real federation, no doubles. */
final class TestingFederation {
    static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");
    static final InstantSource CLOCK = InstantSource.fixed(NOW);

    static final Site PARIS = new Site("fr-par", "Paris", "FR", "Paris", 48.8566, 2.3522, Set.of("FR", "EU"));
    static final Site MARSEILLE = new Site("fr-mrs", "Marseille", "FR", "Marseille", 43.2965, 5.3698, Set.of("FR", "EU"));
    static final Site FRANKFURT = new Site("de-fra", "Frankfurt", "DE", "Frankfurt", 50.1109, 8.6821, Set.of("DE", "EU"));
    static final Site DUBLIN = new Site("ie-dub", "Dublin", "IE", "Dublin", 53.3498, -6.2603, Set.of("IE", "EU"));
    static final Site VIRGINIA = new Site("us-iad", "Ashburn", "US", "Ashburn", 39.0438, -77.4874, Set.of("US"));

    /** FR on FR sites only, DE on DE or EU, everyone else on EU; version 7. */
    static final ResidencyPolicy POLICY = new ResidencyPolicy(7, Map.of(
            "FR", ResidencyRule.allowing(Set.of("FR")),
            "DE", ResidencyRule.allowing(Set.of("DE", "EU"))), ResidencyRule.EU_ONLY);

    private TestingFederation() {}

    static Candidate idle(Site site) {
        return candidate(site, "vllm", EngineHealth.READY, new EngineLoad(0, 0, 8, 0, 0));
    }

    static Candidate loaded(Site site, int running, int waiting, double kv) {
        return candidate(site, "vllm", EngineHealth.READY, new EngineLoad(running, waiting, 8, kv, 100));
    }

    static Candidate candidate(Site site, String engine, EngineHealth health, EngineLoad load) {
        return new Candidate(site, engine, Set.of("llama"), 8, health, new ObservedLoad(load, NOW));
    }

    static Router router() {
        return router(RoutingConfig.DEFAULTS);
    }

    static Router router(RoutingConfig config) {
        return new Router(config, CLOCK, new SplittableRandom(42));
    }

    static RoutingRequest request(String country) {
        return RoutingRequest.of("req-1", "llama", RequesterJurisdiction.of(country));
    }
}
