package io.hyperlocal.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.Site;
import io.hyperlocal.routing.Candidate;
import io.hyperlocal.routing.ObservedLoad;
import io.hyperlocal.routing.RequesterJurisdiction;
import io.hyperlocal.routing.Route;
import io.hyperlocal.routing.ScoredCandidate;
import io.hyperlocal.routing.Scores;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route log keeps the latest {@link RouteLog#CAPACITY} decisions, finds them by id, lists them newest first. */
class RouteLogTest {
    private static final Instant NOW = Instant.parse("2026-11-27T13:00:00Z");
    private static final Candidate PARIS = new Candidate(
            new Site("fr-par", "Paris", "FR", "Paris", 48.8566, 2.3522, Set.of("FR", "EU")), "vllm",
            Set.of("llama"), 8, EngineHealth.READY, new ObservedLoad(new EngineLoad(0, 0, 8, 0, 0), NOW));

    @Test
    void findsAndListsWhatItHolds() {
        RouteLog log = new RouteLog();
        RouteLog.Logged first = log.record(route("req_1"));
        log.record(route("req_2"));
        log.served(first, "fr-par/vllm");
        log.ended(first, "200 stop");

        assertThat(log.find("req_1")).containsSame(first);
        assertThat(log.find("req_1").orElseThrow().details()).containsEntry("servedBy", List.of("fr-par/vllm"))
                .containsEntry("outcome", "200 stop");
        assertThat(log.find("req_3")).isEmpty();
        assertThat(log.recent(10)).extracting(entry -> entry.brief().get("requestId")).containsExactly("req_2", "req_1");
        assertThat(log.recent(1)).extracting(entry -> entry.brief().get("requestId")).containsExactly("req_2");
    }

    @Test
    void forgetsTheOldestPastItsCapacity() {
        RouteLog log = new RouteLog();
        int recorded = RouteLog.CAPACITY * 2 + 7;
        for (int i = 0; i < recorded; i++) {
            log.record(route("req_" + i));
        }

        assertThat(log.find("req_" + (recorded - RouteLog.CAPACITY - 1))).isEmpty();
        assertThat(log.find("req_" + (recorded - RouteLog.CAPACITY))).isPresent();
        assertThat(log.find("req_" + (recorded - 1))).isPresent();
        List<RouteLog.Logged> all = log.recent(RouteLog.CAPACITY);
        assertThat(all).hasSize(RouteLog.CAPACITY);
        assertThat(all.getFirst().brief()).containsEntry("requestId", "req_" + (recorded - 1));
        assertThat(all.getLast().brief()).containsEntry("requestId", "req_" + (recorded - RouteLog.CAPACITY));
    }

    private static Route route(String requestId) {
        return new Route(requestId, "llama", RequesterJurisdiction.of("FR"), 1, NOW,
                List.of(new ScoredCandidate(PARIS, new Scores(1, 1, 0, 0, false), 0.9)), List.of());
    }
}
