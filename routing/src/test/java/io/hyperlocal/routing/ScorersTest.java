package io.hyperlocal.routing;

import static io.hyperlocal.routing.TestingFederation.FRANKFURT;
import static io.hyperlocal.routing.TestingFederation.MARSEILLE;
import static io.hyperlocal.routing.TestingFederation.NOW;
import static io.hyperlocal.routing.TestingFederation.PARIS;
import static io.hyperlocal.routing.TestingFederation.VIRGINIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.GeoPoint;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScorersTest {
    private static final RoutingConfig CONFIG = RoutingConfig.DEFAULTS;
    private static final GeoPoint PARIS_POINT = PARIS.location();

    @Test
    void haversineMatchesKnownDistances() {
        assertThat(PARIS_POINT.distanceKm(FRANKFURT.location())).isCloseTo(479, within(3.0));
        assertThat(PARIS_POINT.distanceKm(new GeoPoint(40.7128, -74.0060))).isCloseTo(5837, within(15.0));
        assertThat(new GeoPoint(0, 0).distanceKm(new GeoPoint(0, 180))).isCloseTo(Math.PI * GeoPoint.EARTH_RADIUS_KM, within(1e-6));
    }

    @Test
    void proximityFallsLinearlyWithDistanceToZero() {
        RequesterLocation inParis = new RequesterLocation.At(PARIS_POINT);

        assertThat(ProximityScorer.score(inParis, PARIS, CONFIG)).isEqualTo(1.0);
        assertThat(ProximityScorer.score(inParis, MARSEILLE, CONFIG)).isCloseTo(1 - 661 / 3000.0, within(0.01));
        assertThat(ProximityScorer.score(inParis, VIRGINIA, CONFIG)).isZero();
        assertThat(ProximityScorer.score(RequesterLocation.UNKNOWN, VIRGINIA, CONFIG)).isEqualTo(ProximityScorer.UNKNOWN);
    }

    @Test
    void aMeasuredRttReplacesDistanceForTheRegionsItKnows() {
        RoutingConfig config = CONFIG.withRtt(new RttMatrix(Map.of("pop-lyon", Map.of("fr-par", Duration.ofMillis(45)))));
        RequesterLocation lyon = new RequesterLocation.InRegion("pop-lyon", new GeoPoint(45.764, 4.8357));

        assertThat(ProximityScorer.score(lyon, PARIS, config)).isCloseTo(1 - 45 / 60.0, within(1e-9));
        // Marseille is not in the matrix: distance from Lyon (about 280 km) is used.
        assertThat(ProximityScorer.score(lyon, MARSEILLE, config)).isCloseTo(1 - 278 / 3000.0, within(0.01));
    }

    @Test
    void loadCountsQueueAndKvCacheAlike() {
        assertThat(LoadScorer.score(TestingFederation.idle(PARIS), NOW, CONFIG)).isEqualTo(1.0);
        // 8 slots + 16 queue places: 12 of 24 taken is half the queue pressure; KV at 0.5.
        Candidate half = TestingFederation.loaded(PARIS, 8, 4, 0.5);
        assertThat(LoadScorer.score(half, NOW, CONFIG)).isCloseTo(1 - (0.5 * 0.5 + 0.5 * 0.5), within(1e-9));
        Candidate full = TestingFederation.loaded(PARIS, 8, 16, 1.0);
        assertThat(LoadScorer.score(full, NOW, CONFIG)).isZero();
    }

    @Test
    void aDegradedEngineCountsForHalf() {
        Candidate degraded = TestingFederation.candidate(PARIS, "vllm", new EngineHealth.Degraded("slow disk"),
                new EngineLoad(0, 0, 8, 0, 0));
        assertThat(LoadScorer.score(degraded, NOW, CONFIG)).isEqualTo(0.5);
    }

    @Test
    void staleFiguresCountAsSaturated() {
        Candidate stale = new Candidate(PARIS, "vllm", Set.of("llama"), 8, EngineHealth.READY,
                new ObservedLoad(new EngineLoad(0, 0, 8, 0, 0), NOW.minusMillis(2001)));
        Candidate justFresh = new Candidate(PARIS, "vllm", Set.of("llama"), 8, EngineHealth.READY,
                new ObservedLoad(new EngineLoad(0, 0, 8, 0, 0), NOW.minusMillis(2000)));

        assertThat(LoadScorer.score(stale, NOW, CONFIG)).isZero();
        assertThat(LoadScorer.saturation(stale, NOW, CONFIG)).contains("load figures 2001 ms old (stale after 2000 ms)");
        assertThat(LoadScorer.saturation(justFresh, NOW, CONFIG)).isEmpty();
        assertThat(LoadScorer.saturation(stale, NOW, CONFIG.withStaleAfter(Duration.ofSeconds(5)))).isEmpty();
    }

    @Test
    void aFullQueueIsSaturated() {
        assertThat(LoadScorer.saturation(TestingFederation.loaded(PARIS, 8, 15, 0.9), NOW, CONFIG)).isEmpty();
        assertThat(LoadScorer.saturation(TestingFederation.loaded(PARIS, 8, 16, 0.9), NOW, CONFIG))
                .contains("queue full: 16 waiting (limit 16), 8/8 running");
    }

    @Test
    void theTotalIsTheWeightedMean() {
        Scores scores = new Scores(1, 0.5, 0, 1, false);
        RoutingWeights weights = new RoutingWeights(1, 2, 3, 4);
        assertThat(scores.total(weights)).isCloseTo((1 + 1 + 0 + 4) / 10.0, within(1e-12));
        assertThat(new Scores(1, 1, 1, 1, false).total(RoutingWeights.DEFAULTS)).isEqualTo(1.0);
    }
}
