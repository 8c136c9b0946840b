package io.hyperlocal.engines.remote;

import static io.hyperlocal.engines.TestingRequests.chat;
import static io.hyperlocal.engines.TestingRequests.greedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.TestingListener;
import io.hyperlocal.engines.remote.TestingOpenAiServer.Answer;
import io.hyperlocal.engines.remote.TestingOpenAiServer.Ending;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Error mapping, timeouts, cancellation and admission against a real local HTTP server. */
class RemoteEngineFailureTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final List<ChatMessage> HELLO = List.of(new ChatMessage("user", "Say hello"));
    /** A stream long enough to still run when a test cancels it. */
    static final Answer.Stream ENDLESS = Answer.stream(Collections.nCopies(5000, "tok"))
            .withDelays(Duration.ZERO, Duration.ofMillis(5));

    final TestingOpenAiServer server = TestingOpenAiServer.start();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    OpenAiCompatibleEngine engine = engine(OpenAiCompatibleEngineTest.settings(server));

    @AfterEach
    void stop() {
        engine.close();
        server.close();
        scheduler.shutdownNow();
    }

    OpenAiCompatibleEngine engine(RemoteEngineSettings settings) {
        return new OpenAiCompatibleEngine("remote", settings, scheduler);
    }

    GenerationEvent.Failed failed(TestingListener listener) {
        GenerationEvent event = listener.awaitTerminal(TIMEOUT);
        assertThat(event).isInstanceOf(GenerationEvent.Failed.class);
        return (GenerationEvent.Failed) event;
    }

    TestingListener start() {
        TestingListener listener = new TestingListener();
        engine.generate(chat("demo", HELLO, greedy(10_000)), listener);
        return listener;
    }

    static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, TIMEOUT).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "500, engine_failed",
        "502, engine_failed",
        "503, engine_failed",
        "429, engine_overloaded",
        "404, model_not_found",
        "400, invalid_value",
        "401, engine_failed"})
    void mapsStatusesBeforeTheFirstToken(int status, String code) {
        server.answer(Answer.status(status, "upstream says " + status));

        GenerationEvent.Failed failed = failed(start());

        assertThat(failed.error().code().code()).isEqualTo(code);
        assertThat(failed.error().getMessage()).contains("upstream says " + status);
        assertThat(failed.usage()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void keepsTheUpstreamsWordsForABadRequest() {
        server.answer(Answer.status(400, "temperature must be non-negative, got -1."));

        HyperlocalException error = failed(start()).error();

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_VALUE);
        assertThat(error.getMessage()).isEqualTo("temperature must be non-negative, got -1.");
    }

    @Test
    void recognisesAPromptTooLongForTheContext() {
        server.answer(Answer.status(400, "This model's maximum context length is 2048 tokens. However, you "
                + "requested 4000 tokens (3000 in the messages, 1000 in the completion)."));

        assertThat(failed(start()).error().code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED);
    }

    @Test
    void failsRetryablyWhenTheServerRefusesConnections() {
        engine.close();
        engine = engine(new RemoteEngineSettings(TestingOpenAiServer.refusingBaseUrl(), "", List.of("demo"), 8192,
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 4, 4, RemoteEngineSettings.NO_METRICS,
                Duration.ofHours(1), 3, Duration.ofSeconds(5)));

        GenerationEvent.Failed failed = failed(start());

        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("could not reach").contains("connection refused");
        assertThat(engine.load().running()).isZero();
    }

    @Test
    void failsWithTheUsageSoFarWhenTheConnectionDropsMidStream() {
        server.answer(Answer.stream("one", " two").ending(Ending.ABRUPT));

        TestingListener listener = start();
        GenerationEvent.Failed failed = failed(listener);

        assertThat(listener.text()).isEqualTo("one two");
        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("broke after 2 tokens");
        assertThat(failed.usage().completionTokens()).isEqualTo(2);
    }

    @Test
    void failsWhenTheStreamEndsWithoutFinishOrDone() {
        server.answer(Answer.stream("one", " two", " three").ending(Ending.CLEAN_EOF));

        TestingListener listener = start();
        GenerationEvent.Failed failed = failed(listener);

        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("without a finish reason");
        assertThat(failed.usage().completionTokens()).isEqualTo(3);
    }

    @Test
    void failsOnAnErrorEventMidStream() {
        server.answer(Answer.stream("one").ending(Ending.ERROR_EVENT));

        GenerationEvent.Failed failed = failed(start());

        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("EngineCore encountered an issue.");
        assertThat(failed.usage().completionTokens()).isEqualTo(1);
    }

    @Test
    void failsWhenTheServerAbortsTheSequence() {
        server.answer(Answer.stream("one").finishing("abort"));

        GenerationEvent.Failed failed = failed(start());

        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("'abort'");
    }

    @Test
    void failsWhenTheStreamStallsLongerThanTheIdleTimeout() {
        engine.close();
        engine = engine(OpenAiCompatibleEngineTest.settings(server)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(300)));
        server.answer(Answer.stream("one", " two").ending(Ending.STALL));

        long start = System.nanoTime();
        TestingListener listener = start();
        GenerationEvent.Failed failed = failed(listener);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(listener.text()).isEqualTo("one two");
        assertThat(failed.error().getMessage()).contains("idle timeout of 300 ms");
        assertThat(failed.usage().completionTokens()).isEqualTo(2);
        assertThat(engine.load().running()).isZero();
    }

    @Test
    void failsWhenNoTokenComesWithinTheFirstTokenTimeout() {
        engine.close();
        engine = engine(OpenAiCompatibleEngineTest.settings(server)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5)));
        server.answer(Answer.stream("late").withDelays(Duration.ofSeconds(30), Duration.ZERO));

        TestingListener listener = start();
        GenerationEvent.Failed failed = failed(listener);

        assertThat(listener.tokens()).isEmpty();
        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("first-token timeout of 300 ms")
                .contains("the server answered but generated nothing");
        assertThat(failed.usage()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void cancellingAStreamEndsItCancelledAndTheServerSeesTheClientGo() throws InterruptedException {
        engine.close();
        engine = engine(OpenAiCompatibleEngineTest.settings(server).withSlots(1, 0));
        server.answer(ENDLESS);
        TestingListener listener = new TestingListener();
        Generation generation = engine.generate(chat("demo", HELLO, greedy(10_000)), listener);
        listener.awaitFirstToken(TIMEOUT);

        generation.cancel();
        generation.cancel();

        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(completed.usage().completionTokens()).isPositive();
        assertThat(engine.load().running()).isZero();
        awaitTrue("the server to see the client gone", () -> server.clientsGone() == 1 && server.streaming() == 0);
        // The freed slot serves the next request at once.
        server.answer(Answer.stream("again"));
        TestingListener next = new TestingListener();
        engine.generate(chat("demo", HELLO, greedy(4)), next);
        assertThat(next.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(next.text()).isEqualTo("again");
    }

    @Test
    void cancellingAWaitingGenerationNeverSendsIt() throws InterruptedException {
        engine.close();
        engine = engine(OpenAiCompatibleEngineTest.settings(server).withSlots(1, 1));
        server.answer(ENDLESS);
        TestingListener first = start();
        first.awaitFirstToken(TIMEOUT);
        TestingListener waiting = new TestingListener();
        Generation queued = engine.generate(chat("demo", HELLO, greedy(4)), waiting);
        assertThat(engine.load().waiting()).isEqualTo(1);

        queued.cancel();

        GenerationEvent.Completed completed = waiting.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(completed.usage()).isEqualTo(TokenUsage.NONE);
        assertThat(engine.load().waiting()).isZero();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void refusesWorkBeyondItsWaitingLimit() throws InterruptedException {
        engine.close();
        engine = engine(OpenAiCompatibleEngineTest.settings(server).withSlots(1, 1));
        server.answer(ENDLESS);
        start().awaitFirstToken(TIMEOUT);
        start();

        assertThatThrownBy(this::start).isInstanceOfSatisfying(HyperlocalException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_OVERLOADED);
            assertThat(e.getMessage()).contains("all 1 slots are busy and 1 requests are waiting");
        });
        assertThat(engine.load().running()).isEqualTo(1);
        assertThat(engine.load().waiting()).isEqualTo(1);
    }

    @Test
    void closingCancelsWhatRunsAndRefusesMore() throws InterruptedException {
        server.answer(ENDLESS);
        TestingListener listener = start();
        listener.awaitFirstToken(TIMEOUT);

        engine.close();

        assertThat(listener.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(engine.health().canServe()).isFalse();
        assertThatThrownBy(this::start).isInstanceOfSatisfying(HyperlocalException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_FAILED));
        awaitTrue("the server to see the client gone", () -> server.clientsGone() == 1);
    }
}
