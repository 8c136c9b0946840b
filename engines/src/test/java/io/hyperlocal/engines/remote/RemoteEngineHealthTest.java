package io.hyperlocal.engines.remote;

import static io.hyperlocal.engines.TestingRequests.chat;
import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.remote.RemoteEngineFailureTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.engines.TestingListener;
import io.hyperlocal.engines.remote.TestingOpenAiServer.Answer;
import io.hyperlocal.engines.remote.TestingOpenAiServer.Ending;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery, health and load from the background probes, against a real local HTTP server. */
class RemoteEngineHealthTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration POLL = Duration.ofMillis(50);

    final TestingOpenAiServer server = TestingOpenAiServer.start();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    OpenAiCompatibleEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        server.close();
        scheduler.shutdownNow();
    }

    /** Discovered models, metrics at the server's /metrics, fast polling, Down after three failures. */
    RemoteEngineSettings settings() {
        return RemoteEngineSettings.defaults(server.baseUrl()).withPolling(POLL, 3);
    }

    OpenAiCompatibleEngine start(RemoteEngineSettings settings) {
        engine = new OpenAiCompatibleEngine("remote", settings, scheduler);
        return engine;
    }

    @Test
    void discoversTheServersModelsAndFollowsTheirChanges() throws InterruptedException {
        start(settings());

        awaitTrue("the first discovery", () -> !engine.models().isEmpty());
        assertThat(engine.models()).singleElement().satisfies(model -> {
            assertThat(model.id()).isEqualTo("demo");
            assertThat(model.contextLength()).isEqualTo(8192);
        });
        server.models(List.of("a", "b"));
        awaitTrue("the new list", () -> engine.models().stream().map(ModelInfo::id).toList().equals(List.of("a", "b")));
        TestingListener listener = new TestingListener();
        engine.generate(chat("b", List.of(new ChatMessage("user", "Hi")), greedy(4)), listener);
        assertThat(listener.awaitCompleted(TIMEOUT).usage().completionTokens()).isEqualTo(4);
    }

    @Test
    void isReadyOnceTheServerAnswers() throws InterruptedException {
        start(settings());

        awaitTrue("Ready", () -> engine.health() instanceof EngineHealth.Ready);
    }

    @Test
    void goesDownAfterRepeatedFailuresAndComesBackWhenTheServerRecovers() throws InterruptedException {
        start(settings());
        awaitTrue("Ready", () -> engine.health() instanceof EngineHealth.Ready);

        server.failAll(503);
        awaitTrue("Down", () -> engine.health() instanceof EngineHealth.Down);
        assertThat(((EngineHealth.Down) engine.health()).reason()).contains("failures in a row").contains("HTTP 503");

        server.failAll(0);
        awaitTrue("Ready again", () -> engine.health() instanceof EngineHealth.Ready);
    }

    @Test
    void isDownWhenNothingListens() throws InterruptedException {
        start(RemoteEngineSettings.defaults(TestingOpenAiServer.refusingBaseUrl()).withPolling(POLL, 2));

        awaitTrue("Down", () -> engine.health() instanceof EngineHealth.Down);
        assertThat(((EngineHealth.Down) engine.health()).reason()).contains("connection refused");
        assertThat(engine.models()).isEmpty();
    }

    @Test
    void countsFailedRequestsTowardsHealth() throws InterruptedException {
        // No probe after the first, so only the requests can turn the engine Down.
        start(settings().withModels(List.of("demo"), 4096).withPolling(Duration.ofHours(1), 2));
        awaitTrue("Ready", () -> engine.health() instanceof EngineHealth.Ready);
        server.answer(Answer.status(500, "engine dead"));

        for (int i = 0; i < 2; i++) {
            TestingListener listener = new TestingListener();
            engine.generate(chat("demo", List.of(new ChatMessage("user", "Hi")), greedy(4)), listener);
            assertThat(listener.awaitTerminal(TIMEOUT)).isInstanceOfSatisfying(GenerationEvent.Failed.class,
                    failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED));
        }

        assertThat(engine.health()).isInstanceOf(EngineHealth.Down.class);
        server.answer(Answer.stream("ok"));
        TestingListener listener = new TestingListener();
        engine.generate(chat("demo", List.of(new ChatMessage("user", "Hi")), greedy(4)), listener);
        listener.awaitCompleted(TIMEOUT);
        assertThat(engine.health()).isInstanceOf(EngineHealth.Ready.class);
    }

    @Test
    void readsLoadFromTheServersVllmMetrics() throws InterruptedException {
        server.metrics(VllmMetricsSamples.ONE_MODEL);
        start(settings().withSlots(8, 4));

        awaitTrue("the metrics", () -> engine.load().running() == 3);
        EngineLoad load = engine.load();
        assertThat(load.waiting()).isEqualTo(2);
        assertThat(load.slots()).isEqualTo(8);
        assertThat(load.kvCacheUsage()).isEqualTo(0.4171875);

        server.metrics(VllmMetricsSamples.TWO_MODELS);
        awaitTrue("the new metrics", () -> engine.load().running() == 11);
    }

    @Test
    void countsItsOwnStreamsWhenTheServerHasNoMetrics() throws InterruptedException {
        start(settings().withSlots(4, 4));
        awaitTrue("the first discovery", () -> !engine.models().isEmpty());
        server.answer(Answer.stream("one").ending(Ending.STALL));
        TestingListener listener = new TestingListener();
        engine.generate(chat("demo", List.of(new ChatMessage("user", "Hi")), greedy(4)), listener);
        listener.awaitFirstToken(TIMEOUT);

        EngineLoad load = engine.load();

        assertThat(load.running()).isEqualTo(1);
        assertThat(load.waiting()).isZero();
        assertThat(load.kvCacheUsage()).isEqualTo(0.25);
        assertThat(load.tokensPerSecond()).isPositive();
    }

    @Test
    void refusesModelsBeforeTheFirstDiscovery() {
        start(RemoteEngineSettings.defaults(TestingOpenAiServer.refusingBaseUrl()).withPolling(Duration.ofHours(1), 2));

        TestingListener listener = new TestingListener();
        assertThatThrownBy(() -> engine.generate(
                chat("demo", List.of(new ChatMessage("user", "Hi")), greedy(4)), listener))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
    }
}
