package io.hyperlocal.routing;

import static io.hyperlocal.routing.TestingFederation.DUBLIN;
import static io.hyperlocal.routing.TestingFederation.FRANKFURT;
import static io.hyperlocal.routing.TestingFederation.MARSEILLE;
import static io.hyperlocal.routing.TestingFederation.NOW;
import static io.hyperlocal.routing.TestingFederation.PARIS;
import static io.hyperlocal.routing.TestingFederation.POLICY;
import static io.hyperlocal.routing.TestingFederation.VIRGINIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RouterTest {

    @Test
    void filtersRunInOrderAndEachRejectionSaysWhy() {
        Candidate otherModel = new Candidate(MARSEILLE, "tgi", Set.of("mistral"), 8, EngineHealth.READY,
                new ObservedLoad(new EngineLoad(0, 0, 8, 0, 0), NOW));
        Candidate down = TestingFederation.candidate(PARIS, "llama-cpp", new EngineHealth.Down("circuit open"),
                new EngineLoad(0, 0, 8, 0, 0));
        Candidate saturated = TestingFederation.loaded(PARIS, 8, 40, 1);
        Route route = TestingFederation.router().route(TestingFederation.request("FR"), POLICY, List.of(
                TestingFederation.idle(FRANKFURT), otherModel, down, saturated, TestingFederation.idle(MARSEILLE)));

        assertThat(route.ordered()).extracting(s -> s.candidate().label()).containsExactly("fr-mrs/vllm");
        assertThat(route.rejected()).extracting(r -> r.candidate().label() + " " + r.reason() + ": " + r.detail())
                .containsExactly(
                        "de-fra/vllm OUTSIDE_RESIDENCY: tags [DE, EU] hold none of [FR]",
                        "fr-mrs/tgi MODEL_NOT_SERVED: does not serve llama",
                        "fr-par/llama-cpp UNHEALTHY: down: circuit open",
                        "fr-par/vllm SATURATED: queue full: 40 waiting (limit 16), 8/8 running");
        assertThat(route.policyVersion()).isEqualTo(7);
        assertThat(route.decidedAt()).isEqualTo(NOW);
        assertThat(route.requester()).isEqualTo(RequesterJurisdiction.of("FR"));
    }

    @Test
    void ordersEveryAllowedCandidateBestFirstForFailover() {
        RoutingRequest request = new RoutingRequest("r", "llama", RequesterJurisdiction.of("DE"),
                new RequesterLocation.At(FRANKFURT.location()), "", PromptBlocks.NONE);
        Route route = TestingFederation.router().route(request, POLICY, List.of(
                TestingFederation.idle(DUBLIN), TestingFederation.idle(PARIS), TestingFederation.idle(FRANKFURT),
                TestingFederation.idle(VIRGINIA)));

        assertThat(route.ordered()).extracting(s -> s.candidate().siteId()).containsExactly("de-fra", "fr-par", "ie-dub");
        assertThat(route.rejected()).extracting(r -> r.candidate().siteId()).containsExactly("us-iad");
    }

    @Test
    void noSiteServingTheModelIsModelNotFound() {
        assertThatThrownBy(() -> TestingFederation.router().route(
                RoutingRequest.of("r", "gpt-5", RequesterJurisdiction.of("FR")), POLICY,
                List.of(TestingFederation.idle(PARIS))))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
                    assertThat(e.param()).contains("model");
                });
    }

    @Test
    void aModelServedOnlyAbroadIsAResidencyErrorAndNeverServedAbroad() {
        assertThatThrownBy(() -> TestingFederation.router().route(TestingFederation.request("FR"), POLICY,
                List.of(TestingFederation.idle(FRANKFURT), TestingFederation.idle(VIRGINIA))))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_ALLOWED_SITE);
                    assertThat(e.getMessage()).contains("req-1", "requester FR", "[FR]", "policy v7",
                            "de-fra DE [DE, EU]", "us-iad US [US]", "not sent elsewhere");
                });
    }

    @Test
    void aNarrowingThatExcludesEveryServingSiteIsAResidencyError() {
        assertThatThrownBy(() -> TestingFederation.router().route(
                RoutingRequest.of("r", "llama", RequesterJurisdiction.of("DE").narrowedBy("DE")), POLICY,
                List.of(TestingFederation.idle(PARIS))))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_ALLOWED_SITE);
                    assertThat(e.getMessage()).contains("narrowed to [DE]", RequesterJurisdiction.HEADER);
                });
    }

    @Test
    void allowedSitesDownOrSaturatedIsACapacityErrorEvenWithIdleSitesAbroad() {
        Candidate down = TestingFederation.candidate(PARIS, "vllm", new EngineHealth.Down("missed 3 heartbeats"),
                new EngineLoad(0, 0, 8, 0, 0));
        Candidate stale = new Candidate(MARSEILLE, "vllm", Set.of("llama"), 8, EngineHealth.READY,
                new ObservedLoad(new EngineLoad(0, 0, 8, 0, 0), NOW.minusSeconds(30)));

        assertThatThrownBy(() -> TestingFederation.router().route(TestingFederation.request("FR"), POLICY,
                List.of(down, stale, TestingFederation.idle(FRANKFURT), TestingFederation.idle(VIRGINIA))))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_CAPACITY);
                    assertThat(e.getMessage()).contains("requester FR", "fr-par/vllm (down: missed 3 heartbeats)",
                            "fr-mrs/vllm (load figures 30000 ms old", "not sent to a site outside")
                            .doesNotContain("de-fra/vllm");
                });
    }

    @Test
    void aWideningNarrowingFailsBeforeAnyCandidateIsLookedAt() {
        assertThatThrownBy(() -> TestingFederation.router().route(
                RoutingRequest.of("r", "llama", RequesterJurisdiction.of("FR").narrowedBy("DE")), POLICY,
                List.of(TestingFederation.idle(PARIS), TestingFederation.idle(FRANKFURT))))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.JURISDICTION_NOT_ALLOWED));
    }

    @Test
    void equalScoresAreOrderedByTheSeededGenerator() {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Site site = new Site("fr-" + i, "S" + i, "FR", "Paris", 48.85, 2.35, Set.of("FR"));
            candidates.add(TestingFederation.idle(site));
        }
        Set<String> firsts = new java.util.HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            Router router = new Router(RoutingConfig.DEFAULTS, TestingFederation.CLOCK, new SplittableRandom(seed));
            Route route = router.route(TestingFederation.request("FR"), POLICY, candidates);
            Router again = new Router(RoutingConfig.DEFAULTS, TestingFederation.CLOCK, new SplittableRandom(seed));
            assertThat(again.route(TestingFederation.request("FR"), POLICY, candidates)).isEqualTo(route);
            firsts.add(route.best().candidate().siteId());
        }
        assertThat(firsts).as("ties spread over the equal candidates").hasSizeGreaterThan(3);
    }

    @Test
    void weightedRandomPicksInProportionToScore() {
        Router router = TestingFederation.router(RoutingConfig.DEFAULTS.withPicker(Picker.WEIGHTED_RANDOM)
                .withWeights(new RoutingWeights(0, 1, 0, 0)));
        // Load scores 1.0 and 0.25 (8 running of 24, KV 1.0): expect about 80% / 20%.
        List<Candidate> candidates = List.of(TestingFederation.idle(PARIS), TestingFederation.loaded(MARSEILLE, 8, 4, 1.0));
        int paris = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            if (router.route(TestingFederation.request("FR"), POLICY, candidates).best().candidate().siteId().equals("fr-par")) {
                paris++;
            }
        }
        assertThat(paris / (double) draws).isBetween(0.76, 0.84);
    }

    @Test
    void weightedRandomPutsZeroScoresLast() {
        SplittableRandom random = new SplittableRandom(3);
        Candidate a = TestingFederation.idle(PARIS);
        Candidate b = TestingFederation.idle(MARSEILLE);
        for (int i = 0; i < 100; i++) {
            List<ScoredCandidate> ordered = Pickers.weightedRandom(List.of(
                    new ScoredCandidate(a, new Scores(0, 0, 0, 0, false), 0),
                    new ScoredCandidate(b, new Scores(0, 0.1, 0, 0, false), 0.01)), random);
            assertThat(ordered.getFirst().candidate()).isEqualTo(b);
        }
    }
}
