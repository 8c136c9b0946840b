package io.hyperlocal.routing;

import static io.hyperlocal.routing.TestingFederation.NOW;
import static io.hyperlocal.routing.TestingFederation.PARIS;
import static io.hyperlocal.routing.TestingFederation.POLICY;
import static io.hyperlocal.routing.TestingFederation.VIRGINIA;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void theSummaryShowsEachScorerCompactly() {
        Route route = route(List.of(new ScoredCandidate(TestingFederation.idle(PARIS),
                new Scores(0.98, 0.9, 0.5, 0, false), 0.934)), 2);

        assertThat(route.summary()).isEqualTo("fr-par/vllm=0.93(prox .98,load .90,prefix .50,sess 0);filtered 2");
        Candidate oddEngine = TestingFederation.candidate(PARIS, "gpu 0;é", io.hyperlocal.core.EngineHealth.READY,
                new io.hyperlocal.core.EngineLoad(0, 0, 8, 0, 0));
        assertThat(route(List.of(new ScoredCandidate(oddEngine, new Scores(1, 1, 1, 1, false), 1)), 0).summary())
                .isEqualTo("fr-par/gpu_0__=1.00(prox 1,load 1,prefix 1,sess 1)");
        assertThat(Route.compact(1)).isEqualTo("1");
        assertThat(Route.compact(0.004)).isEqualTo("0");
        assertThat(Route.compact(0.996)).isEqualTo("1");
    }

    @Test
    void aLongSummaryIsCutBetweenEntriesAndCountsTheRest() {
        List<ScoredCandidate> ordered = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Site site = new Site("site-" + i, "S", "FR", "Paris", 48, 2, Set.of("FR"));
            ordered.add(new ScoredCandidate(TestingFederation.idle(site), new Scores(0.5, 0.5, 0.5, 1, true), 0.5));
        }
        String summary = route(ordered, 17).summary();

        assertThat(summary.length()).isLessThanOrEqualTo(Route.SUMMARY_LIMIT);
        assertThat(summary).startsWith("site-0/vllm=0.50(prox .50,load .50,prefix .50,sess 1,guard);site-1/");
        assertThat(summary).matches(".*\\)" + ";\\+\\d+ more;filtered 17");
        int shown = summary.split(";").length - 2;
        assertThat(summary).endsWith(";+" + (1000 - shown) + " more;filtered 17");
    }

    @Test
    void detailsArePlainDataForJson() {
        Route route = TestingFederation.router().route(TestingFederation.request("DE"), POLICY,
                List.of(TestingFederation.idle(PARIS), TestingFederation.idle(VIRGINIA)));
        Map<String, Object> details = route.details();

        assertThat(details).containsEntry("requestId", "req-1").containsEntry("model", "llama")
                .containsEntry("requesterCountry", "DE").containsEntry("narrowedTo", List.of())
                .containsEntry("policyVersion", 7L).containsEntry("decidedAt", NOW.toString());
        assertThat(details.keySet()).containsExactly("requestId", "model", "requesterCountry", "narrowedTo",
                "policyVersion", "decidedAt", "ordered", "rejected");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ordered = (List<Map<String, Object>>) details.get("ordered");
        assertThat(ordered.getFirst()).containsEntry("site", "fr-par").containsEntry("engine", "vllm")
                .containsEntry("tags", List.of("EU", "FR")).containsEntry("affinityBroken", false)
                .containsKeys("score", "proximity", "load", "prefix", "session");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rejected = (List<Map<String, Object>>) details.get("rejected");
        assertThat(rejected.getFirst()).containsEntry("site", "us-iad").containsEntry("reason", "OUTSIDE_RESIDENCY")
                .containsEntry("detail", "tags [US] hold none of [DE, EU]");
    }

    private static Route route(List<ScoredCandidate> ordered, int rejectedCount) {
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < rejectedCount; i++) {
            rejected.add(new Rejection(TestingFederation.idle(VIRGINIA), Rejection.Reason.OUTSIDE_RESIDENCY, "abroad"));
        }
        return new Route("r", "llama", RequesterJurisdiction.of("FR"), 1, NOW, ordered, rejected);
    }
}
