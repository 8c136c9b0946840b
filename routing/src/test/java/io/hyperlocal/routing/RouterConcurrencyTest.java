package io.hyperlocal.routing;

import static io.hyperlocal.routing.TestingFederation.FRANKFURT;
import static io.hyperlocal.routing.TestingFederation.PARIS;
import static io.hyperlocal.routing.TestingFederation.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One router shared by the gateway's threads: decisions in parallel stay valid and the indexes bounded. */
class RouterConcurrencyTest {

    @Test
    void parallelDecisionsShareTheAffinityMemorySafely() throws Exception {
        Router router = TestingFederation.router(RoutingConfig.DEFAULTS.withPrefixBlocksPerEngine(50));
        List<Candidate> candidates = List.of(TestingFederation.idle(PARIS), TestingFederation.idle(FRANKFURT));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int id = thread;
                results.add(pool.submit(() -> {
                    int routed = 0;
                    for (int i = 0; i < 2000; i++) {
                        RoutingRequest request = new RoutingRequest("r-" + id + "-" + i, "llama",
                                RequesterJurisdiction.of("DE"), RequesterLocation.UNKNOWN, "s-" + (i % 50),
                                router.blocks(new Prompt.Text(("group " + (i % 7) + " ").repeat(40) + i)));
                        Route route = router.route(request, POLICY, candidates);
                        assertThat(route.ordered()).hasSize(2);
                        routed++;
                    }
                    return routed;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(2000);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(router.prefixIndexSize(PARIS.id(), "vllm")).isBetween(1, 50);
        assertThat(router.prefixIndexSize(FRANKFURT.id(), "vllm")).isBetween(1, 50);
    }
}
