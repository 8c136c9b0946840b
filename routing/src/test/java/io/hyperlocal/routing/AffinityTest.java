package io.hyperlocal.routing;

import static io.hyperlocal.routing.TestingFederation.FRANKFURT;
import static io.hyperlocal.routing.TestingFederation.PARIS;
import static io.hyperlocal.routing.TestingFederation.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class AffinityTest {
    private static final String SYSTEM = "You are a helpful assistant for a telecom operator. ".repeat(10);

    @Test
    void blocksAreChainedOverFullChunksOnly() {
        PromptBlocks first = PromptBlocks.of(SYSTEM + "What is my balance?", 64, 256);
        PromptBlocks second = PromptBlocks.of(SYSTEM + "Cancel my contract.", 64, 256);

        assertThat(first.size()).isEqualTo((SYSTEM.length() + 19) / 64);
        // The shared system prompt gives equal hashes up to the block where the texts diverge.
        int shared = SYSTEM.length() / 64;
        for (int i = 0; i < shared; i++) {
            assertThat(first.hash(i)).isEqualTo(second.hash(i));
        }
        // Same chunk text after a different history hashes differently: the chain carries the prefix.
        PromptBlocks shifted = PromptBlocks.of("x".repeat(64) + SYSTEM, 64, 256);
        assertThat(shifted.hash(1)).isNotEqualTo(first.hash(0));
        assertThat(PromptBlocks.of("short", 64, 256).size()).isZero();
        assertThat(PromptBlocks.of(SYSTEM, 64, 3).size()).isEqualTo(3);
    }

    @Test
    void chatPromptsRenderRolesSoTheSameWordsInAnotherRoleDiffer() {
        PromptBlocks asUser = PromptBlocks.of(new Prompt.Chat(List.of(new ChatMessage("user", SYSTEM))), 64, 256);
        PromptBlocks asSystem = PromptBlocks.of(new Prompt.Chat(List.of(new ChatMessage("system", SYSTEM))), 64, 256);
        assertThat(asUser.hash(0)).isNotEqualTo(asSystem.hash(0));
        assertThat(PromptBlocks.of(new Prompt.Text(SYSTEM), 64, 256)).isEqualTo(PromptBlocks.of(SYSTEM, 64, 256));
    }

    @Test
    void theIndexMatchesLeadingBlocksAndStopsAtTheFirstMiss() {
        PrefixCacheIndex index = new PrefixCacheIndex(100);
        EngineKey engine = new EngineKey("fr-par", "vllm");
        index.record(engine, PromptBlocks.ofHashes(1, 2, 3));

        assertThat(index.matchedBlocks(engine, PromptBlocks.ofHashes(1, 2, 3, 4))).isEqualTo(3);
        assertThat(index.matchedBlocks(engine, PromptBlocks.ofHashes(1, 9, 3))).isEqualTo(1);
        assertThat(index.matchedBlocks(engine, PromptBlocks.ofHashes(9, 2, 3))).isZero();
        assertThat(index.matchedBlocks(new EngineKey("fr-mrs", "vllm"), PromptBlocks.ofHashes(1))).isZero();
    }

    @Test
    void theIndexEvictsTheLeastRecentlyRoutedBlocksPerEngine() {
        PrefixCacheIndex index = new PrefixCacheIndex(4);
        EngineKey engine = new EngineKey("fr-par", "vllm");
        EngineKey other = new EngineKey("de-fra", "vllm");
        index.record(engine, PromptBlocks.ofHashes(1, 2, 3));
        index.record(other, PromptBlocks.ofHashes(1, 2, 3));
        // A lookup is no use of the cache: it must not save block 1 from eviction.
        index.matchedBlocks(engine, PromptBlocks.ofHashes(1));
        index.record(engine, PromptBlocks.ofHashes(2, 7, 8));

        assertThat(index.size(engine)).isEqualTo(4);
        assertThat(index.matchedBlocks(engine, PromptBlocks.ofHashes(1))).isZero();
        assertThat(index.matchedBlocks(engine, PromptBlocks.ofHashes(3))).isEqualTo(1);
        assertThat(index.matchedBlocks(engine, PromptBlocks.ofHashes(2, 7, 8))).isEqualTo(3);
        // Each engine has its own budget.
        assertThat(index.matchedBlocks(other, PromptBlocks.ofHashes(1, 2, 3))).isEqualTo(3);
    }

    @Test
    void routingFeedsThePrefixIndexAndTheNextRequestFollowsTheWarmCache() {
        Router router = TestingFederation.router();
        RoutingRequest request = withPrompt(TestingFederation.request("DE"), router, SYSTEM + "Question one?");
        List<Candidate> candidates = List.of(TestingFederation.idle(PARIS), TestingFederation.idle(FRANKFURT));
        Route first = router.route(request, POLICY, candidates);

        RoutingRequest next = withPrompt(TestingFederation.request("DE"), router, SYSTEM + "Another question?");
        Route second = router.route(next, POLICY, candidates);

        assertThat(first.best().scores().prefix()).isZero();
        assertThat(second.best().candidate()).isEqualTo(first.best().candidate());
        int total = next.prompt().size();
        assertThat(second.best().scores().prefix()).isEqualTo((SYSTEM.length() / 64) / (double) total);
        assertThat(second.ordered().get(1).scores().prefix()).isZero();
    }

    @Test
    void aSessionGoesBackToTheEngineThatServedItLast() {
        Router router = TestingFederation.router();
        List<Candidate> candidates = List.of(TestingFederation.idle(PARIS), TestingFederation.idle(FRANKFURT));
        RoutingRequest request = withSession(TestingFederation.request("DE"), "chat-42");
        Candidate first = router.route(request, POLICY, candidates).best().candidate();

        for (int i = 0; i < 5; i++) {
            Route route = router.route(request, POLICY, candidates);
            assertThat(route.best().candidate()).isEqualTo(first);
            assertThat(route.best().scores().session()).isEqualTo(1.0);
        }
        Route other = router.route(withSession(TestingFederation.request("DE"), "chat-43"), POLICY, candidates);
        assertThat(other.ordered()).allSatisfy(s -> assertThat(s.scores().session()).isZero());
    }

    @Test
    void failoverCorrectsTheAffinityMemory() {
        Router router = TestingFederation.router();
        List<Candidate> candidates = List.of(TestingFederation.idle(PARIS), TestingFederation.idle(FRANKFURT));
        RoutingRequest request = withSession(TestingFederation.request("DE"), "chat-7");
        Route route = router.route(request, POLICY, candidates);
        Candidate fallback = route.ordered().get(1).candidate();

        router.remember(request, fallback);

        assertThat(router.route(request, POLICY, candidates).best().candidate()).isEqualTo(fallback);
    }

    @Test
    void theLoadGuardBreaksAffinityToAMuchMoreLoadedEngine() {
        Router router = TestingFederation.router();
        RoutingRequest request = withSession(TestingFederation.request("DE"), "chat-9");
        router.remember(request, TestingFederation.idle(PARIS));

        // Paris is nearly saturated (load score 0.2), Frankfurt idle (1.0): 0.8 apart, beyond the 0.5 margin.
        Candidate hotParis = TestingFederation.loaded(PARIS, 8, 10, 0.8);
        Route route = router.route(request, POLICY, List.of(hotParis, TestingFederation.idle(FRANKFURT)));

        assertThat(route.best().candidate().siteId()).isEqualTo("de-fra");
        ScoredCandidate paris = route.ordered().get(1);
        assertThat(paris.scores().affinityBroken()).isTrue();
        assertThat(paris.scores().session()).isZero();
        assertThat(route.summary()).contains("fr-par/vllm=").contains(",guard)");
    }

    @Test
    void theLoadGuardKeepsAffinityWithinTheMargin() {
        Router router = TestingFederation.router();
        RoutingRequest request = withSession(TestingFederation.request("DE"), "chat-9");
        router.remember(request, TestingFederation.idle(PARIS));

        Candidate busyParis = TestingFederation.loaded(PARIS, 4, 0, 0.4);
        Route route = router.route(request, POLICY, List.of(busyParis, TestingFederation.idle(FRANKFURT)));

        assertThat(route.best().candidate().siteId()).isEqualTo("fr-par");
        assertThat(route.best().scores().affinityBroken()).isFalse();
        assertThat(route.best().scores().session()).isEqualTo(1.0);
    }

    @Test
    void theGuardComparesTheBestCandidateWithTheRunnerUp() {
        List<Scores> guarded = LoadGuard.apply(List.of(
                new Scores(1, 1.0, 1, 0, false),
                new Scores(1, 0.4, 0, 0, false),
                new Scores(1, 0.45, 1, 1, false)), 0.5);

        assertThat(guarded.get(0).affinityBroken()).isFalse();
        assertThat(guarded.get(1).affinityBroken()).isFalse();
        assertThat(guarded.get(2).affinityBroken()).isTrue();
        assertThat(LoadGuard.apply(List.of(new Scores(1, 0, 1, 1, false)), 0.5).getFirst().affinityBroken()).isFalse();
    }

    private static RoutingRequest withPrompt(RoutingRequest request, Router router, String text) {
        return new RoutingRequest(request.requestId(), request.model(), request.requester(), request.location(),
                request.sessionId(), router.blocks(new Prompt.Text(text)));
    }

    private static RoutingRequest withSession(RoutingRequest request, String session) {
        return new RoutingRequest(request.requestId(), request.model(), request.requester(), request.location(),
                session, request.prompt());
    }
}
