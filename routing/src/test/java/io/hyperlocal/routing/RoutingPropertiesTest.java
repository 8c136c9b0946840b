package io.hyperlocal.routing;

import static io.hyperlocal.routing.TestingFederation.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.GeoPoint;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Residency and liveness invariants over random federations: sites in random countries with random
 * tags, random policies and narrowings, random health, loads and ages of the load figures.
 */
class RoutingPropertiesTest {
    private static final List<String> COUNTRIES = List.of("FR", "DE", "IT", "ES", "IE", "CH", "GB", "US");
    private static final List<String> TAGS = List.of("FR", "DE", "IT", "ES", "IE", "CH", "GB", "US", "EU", "SecNumCloud", "C5");
    private static final List<String> MODELS = List.of("llama", "mistral");

    record EngineSpec(Set<String> models, int health, int running, int waiting, double kv, long ageMillis) {}

    record SiteSpec(String country, boolean ownTag, Set<String> tags, double latitude, double longitude,
            List<EngineSpec> engines) {}

    record Scenario(List<Candidate> candidates, ResidencyPolicy policy, RequesterJurisdiction requester,
            RoutingRequest request) {

        /** The residency rule restated from the policy's data, independently of the classes under test. */
        boolean allowed(Site site) {
            ResidencyRule rule = policy.rules().getOrDefault(requester.country(), policy.defaultRule());
            Set<String> tags = site.jurisdictionTags();
            return tags.stream().anyMatch(rule.allowedTags()::contains)
                    && tags.stream().noneMatch(rule.excludedTags()::contains)
                    && !rule.excludedSiteIds().contains(site.id())
                    && tags.containsAll(requester.narrowedTo());
        }

        boolean widens() {
            Set<String> nameable = new java.util.HashSet<>(policy.ruleFor(requester.country()).allowedTags());
            nameable.addAll(policy.qualifierTags());
            return !nameable.containsAll(requester.narrowedTo());
        }
    }

    @Property(tries = 500)
    @StatisticsReport(onFailureOnly = true)
    void noRouteEverHoldsASiteOutsideTheAllowedJurisdictions(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        Router router = new Router(RoutingConfig.DEFAULTS, TestingFederation.CLOCK, new SplittableRandom(seed));
        try {
            Route route = router.route(scenario.request(), scenario.policy(), scenario.candidates());
            Statistics.collect("routed");
            assertThat(scenario.widens()).isFalse();
            assertThat(route.ordered()).allSatisfy(scored -> {
                assertThat(scenario.allowed(scored.candidate().site())).as(scored.candidate().label()).isTrue();
                assertThat(scored.candidate().health().canServe()).isTrue();
                assertThat(scored.candidate().models()).contains(scenario.request().model());
            });
            assertThat(route.ordered().size() + route.rejected().size()).isEqualTo(scenario.candidates().size());
            assertThat(route.summary().length()).isLessThanOrEqualTo(Route.SUMMARY_LIMIT);
        } catch (HyperlocalException e) {
            Statistics.collect(e.code());
            assertThat(e.code()).isIn(ErrorCode.JURISDICTION_NOT_ALLOWED, ErrorCode.NO_ALLOWED_SITE,
                    ErrorCode.NO_CAPACITY, ErrorCode.MODEL_NOT_FOUND);
        }
    }

    @Property(tries = 300)
    void aFixedSeedGivesTheSameRoute(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        Object first = outcome(scenario, seed);
        Object second = outcome(scenario, seed);
        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 500)
    void whenAHealthyAllowedCandidateExistsOneIsChosen(@ForAll("scenarios") Scenario scenario) {
        if (scenario.widens()) {
            return;
        }
        boolean available = scenario.candidates().stream().anyMatch(c -> scenario.allowed(c.site())
                && c.models().contains(scenario.request().model()) && c.health().canServe()
                && LoadScorer.saturation(c, NOW, RoutingConfig.DEFAULTS).isEmpty());
        Router router = TestingFederation.router();
        if (available) {
            Route route = router.route(scenario.request(), scenario.policy(), scenario.candidates());
            assertThat(route.ordered()).isNotEmpty();
        } else {
            HyperlocalException e = catchThrowableOfType(HyperlocalException.class,
                    () -> router.route(scenario.request(), scenario.policy(), scenario.candidates()));
            assertThat(e).isNotNull();
        }
    }

    @Property(tries = 500)
    void residencyIsNeverRelaxedWhenEveryAllowedSiteIsDownOrSaturated(@ForAll("scenarios") Scenario scenario) {
        if (scenario.widens()) {
            return;
        }
        // Take every allowed engine down or drown it; leave the foreign ones idle and healthy.
        List<Candidate> stressed = new ArrayList<>();
        int i = 0;
        for (Candidate c : scenario.candidates()) {
            if (!scenario.allowed(c.site())) {
                stressed.add(new Candidate(c.site(), c.engineId(), c.models(), c.maxConcurrency(), EngineHealth.READY,
                        new ObservedLoad(new EngineLoad(0, 0, c.maxConcurrency(), 0, 0), NOW)));
            } else if (i++ % 2 == 0) {
                stressed.add(new Candidate(c.site(), c.engineId(), c.models(), c.maxConcurrency(),
                        new EngineHealth.Down("stress"), c.load()));
            } else {
                stressed.add(new Candidate(c.site(), c.engineId(), c.models(), c.maxConcurrency(), EngineHealth.READY,
                        new ObservedLoad(new EngineLoad(c.maxConcurrency(), 1000, c.maxConcurrency(), 1, 0), NOW)));
            }
        }
        HyperlocalException e = catchThrowableOfType(HyperlocalException.class,
                () -> TestingFederation.router().route(scenario.request(), scenario.policy(), stressed));

        assertThat(e).as("routing must fail, never go abroad").isNotNull();
        boolean servedSomewhere = stressed.stream().anyMatch(c -> c.models().contains(scenario.request().model()));
        boolean servedAtHome = stressed.stream()
                .anyMatch(c -> c.models().contains(scenario.request().model()) && scenario.allowed(c.site()));
        ErrorCode expected = !servedSomewhere ? ErrorCode.MODEL_NOT_FOUND
                : servedAtHome ? ErrorCode.NO_CAPACITY : ErrorCode.NO_ALLOWED_SITE;
        assertThat(e.code()).isEqualTo(expected);
    }

    private static Object outcome(Scenario scenario, long seed) {
        Router router = new Router(RoutingConfig.DEFAULTS, TestingFederation.CLOCK, new SplittableRandom(seed));
        try {
            // Two decisions: the second also depends on what the first taught the affinity indexes.
            router.route(scenario.request(), scenario.policy(), scenario.candidates());
            return router.route(scenario.request(), scenario.policy(), scenario.candidates());
        } catch (HyperlocalException e) {
            return e.code() + ": " + e.getMessage();
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<EngineSpec> engine = Combinators.combine(
                Arbitraries.of(MODELS).set().ofMinSize(1).ofMaxSize(2),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(0, 20),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.longs().between(0, 3000)).as(EngineSpec::new);
        Arbitrary<SiteSpec> site = Combinators.combine(
                Arbitraries.of(COUNTRIES),
                Arbitraries.of(true, false),
                Arbitraries.of(TAGS).set().ofMaxSize(3),
                Arbitraries.doubles().between(-60, 70),
                Arbitraries.doubles().between(-180, 180),
                engine.list().ofMinSize(1).ofMaxSize(3)).as(SiteSpec::new);
        Arbitrary<ResidencyRule> rule = Combinators.combine(
                Arbitraries.of(TAGS).set().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 11).set().ofMaxSize(2),
                Arbitraries.of(TAGS).set().ofMaxSize(2))
                .filter((allowed, sites, excluded) -> !excluded.containsAll(allowed))
                .as((allowed, sites, excluded) -> new ResidencyRule(allowed,
                        sites.stream().map(i -> "site-" + i).collect(java.util.stream.Collectors.toSet()), excluded));
        Arbitrary<Map<String, ResidencyRule>> rules = Arbitraries.maps(Arbitraries.of(COUNTRIES), rule).ofMaxSize(5);
        return Combinators.combine(
                site.list().ofMinSize(1).ofMaxSize(12),
                rules,
                rule,
                Arbitraries.of(COUNTRIES),
                Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(Set.<String>of())),
                        Tuple.of(1, Arbitraries.of(TAGS).set().ofMinSize(1).ofMaxSize(2))),
                Arbitraries.of(MODELS),
                Arbitraries.longs().between(1, 1000)).as(RoutingPropertiesTest::scenario);
    }

    private static Scenario scenario(List<SiteSpec> sites, Map<String, ResidencyRule> rules, ResidencyRule defaultRule,
            String country, Set<String> narrowing, String model, long version) {
        List<Candidate> candidates = new ArrayList<>();
        for (int s = 0; s < sites.size(); s++) {
            SiteSpec spec = sites.get(s);
            // Most sites carry their own country as a tag; some do not, as a policy may not rely on it.
            Set<String> tags = new java.util.HashSet<>(spec.tags());
            if (spec.ownTag()) {
                tags.add(spec.country());
            }
            Site site = new Site("site-" + s, "Site " + s, spec.country(), "City", spec.latitude(), spec.longitude(), tags);
            for (int e = 0; e < spec.engines().size(); e++) {
                EngineSpec engine = spec.engines().get(e);
                EngineHealth health = switch (engine.health()) {
                    case 0 -> EngineHealth.READY;
                    case 1 -> new EngineHealth.Degraded("slow");
                    default -> new EngineHealth.Down("no heartbeat");
                };
                candidates.add(new Candidate(site, "engine-" + e, engine.models(), 8, health,
                        new ObservedLoad(new EngineLoad(engine.running(), engine.waiting(), 8, engine.kv(), 50),
                                NOW.minusMillis(engine.ageMillis()))));
            }
        }
        // Odd versions declare the certification tags as qualifiers, so narrowing to them is allowed.
        ResidencyPolicy policy = new ResidencyPolicy(version, new HashMap<>(rules), defaultRule,
                version % 2 == 1 ? Set.of("SecNumCloud", "C5") : Set.of());
        RequesterJurisdiction requester = new RequesterJurisdiction(country, narrowing);
        RoutingRequest request = new RoutingRequest("req", model, requester,
                new RequesterLocation.At(new GeoPoint(48.85, 2.35)), "session", PromptBlocks.ofHashes(1, 2, 3));
        return new Scenario(candidates, policy, requester, request);
    }
}
