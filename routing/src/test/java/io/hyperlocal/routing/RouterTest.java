package io.hyperlocal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static Candidate candidate(String site, String model, EngineHealth health, int running) {
        return new Candidate(site, "llama-cpp", Set.of(model), health, new EngineLoad(running, 0, 4, 0, 0));
    }

    @Test
    void prefersTheLeastLoadedHealthyEngine() {
        Route route = new Router(new SplittableRandom(1)).route("r1", "m", List.of(
                candidate("fr-par", "m", EngineHealth.READY, 3),
                candidate("fr-mrs", "m", EngineHealth.READY, 1),
                candidate("de-fra", "m", new EngineHealth.Down("crashed"), 0),
                candidate("es-mad", "other", EngineHealth.READY, 0)));

        assertThat(route.ordered()).extracting(s -> s.candidate().siteId()).containsExactly("fr-mrs", "fr-par");
        assertThat(route.rejected()).extracting(Rejection::reason)
                .containsExactlyInAnyOrder(Rejection.Reason.UNHEALTHY, Rejection.Reason.MODEL_NOT_SERVED);
        assertThat(route.summary()).isEqualTo("fr-mrs/llama-cpp=0.75;fr-par/llama-cpp=0.25");
    }

    @Test
    void unknownModelIsNotFound() {
        assertThatThrownBy(() -> new Router(new SplittableRandom(1)).route("r1", "nope",
                List.of(candidate("fr-par", "m", EngineHealth.READY, 0))))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
    }

    @Test
    void neverFailsOpenWhenEveryEngineIsDown() {
        assertThatThrownBy(() -> new Router(new SplittableRandom(1)).route("r1", "m",
                List.of(candidate("fr-par", "m", new EngineHealth.Down("no heartbeat"), 0))))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_CAPACITY);
                    assertThat(e.getMessage()).contains("fr-par/llama-cpp", "no heartbeat");
                });
    }

    @Property
    void sameSeedSameRoute(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int engines) {
        List<Candidate> candidates = java.util.stream.IntStream.range(0, engines)
                .mapToObj(i -> candidate("site-" + i, "m", EngineHealth.READY, i % 2))
                .toList();
        Route first = new Router(new SplittableRandom(seed)).route("r", "m", candidates);
        Route second = new Router(new SplittableRandom(seed)).route("r", "m", candidates);
        assertThat(first).isEqualTo(second);
        assertThat(first.ordered()).hasSize(engines);
        assertThat(first.ordered()).isSortedAccordingTo(
                java.util.Comparator.comparingDouble(ScoredCandidate::score).reversed());
    }
}
