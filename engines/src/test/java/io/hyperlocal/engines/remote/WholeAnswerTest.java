package io.hyperlocal.engines.remote;

import static io.hyperlocal.engines.TestingRequests.chat;
import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.text;
import static io.hyperlocal.engines.remote.OpenAiCompatibleEngineTest.HELLO;
import static io.hyperlocal.engines.remote.OpenAiCompatibleEngineTest.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.Delivery;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.TestingListener;
import io.hyperlocal.engines.remote.TestingOpenAiServer.Answer;
import io.hyperlocal.engines.remote.TestingOpenAiServer.Ending;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A caller that takes the answer whole ({@link Delivery#WHOLE}) gets it asked for as one JSON body:
 * request shape, text and usage, the failures a body can carry, and the answer timeout that replaces
 * the stream's first-token and idle timeouts. Against a real local HTTP server.
 */
class WholeAnswerTest {
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

    TestingListener run(GenerationRequest request) {
        TestingListener listener = new TestingListener();
        engine.generate(request.withDelivery(Delivery.WHOLE), listener);
        listener.awaitTerminal(TIMEOUT);
        return listener;
    }

    static GenerationEvent.Failed failed(TestingListener listener) {
        GenerationEvent event = listener.awaitTerminal(TIMEOUT);
        assertThat(event).isInstanceOf(GenerationEvent.Failed.class);
        return (GenerationEvent.Failed) event;
    }

    @Test
    void asksForOneJsonAnswerAndDeliversItsTextAsTheTokensItsUsageCounts() {
        TestingListener listener = run(chat("demo", HELLO, greedy(16)));

        assertThat(listener.tokens()).singleElement().satisfies(token -> {
            assertThat(token.text()).isEqualTo("Hello, world!");
            assertThat(token.tokens()).isEqualTo(4);
        });
        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(completed.usage()).isEqualTo(new TokenUsage(TestingOpenAiServer.PROMPT_TOKENS, 4));
        JsonNode body = server.lastReceived().body();
        assertThat(body.path("stream").isBoolean()).isTrue();
        assertThat(body.path("stream").asBoolean()).isFalse();
        assertThat(body.has("stream_options")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(16);
        assertThat(engine.load().running()).isZero();
    }

    @Test
    void readsATextAnswerSpreadOverSeveralLinesWithItsFinishReason() {
        server.answer(Answer.stream("Once", " upon", " a", " time").finishing("length"));

        TestingListener listener = run(text("demo", "Tell a story:", greedy(4)));

        assertThat(listener.text()).isEqualTo("Once upon a time");
        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completed.usage().completionTokens()).isEqualTo(4);
        assertThat(server.lastReceived().path()).isEqualTo("/v1/completions");
    }

    @Test
    void estimatesTheTokensOfAnAnswerWithoutUsage() {
        server.answer(Answer.stream("twelve chars").withoutUsage());

        TestingListener listener = run(chat("demo", HELLO, greedy(16)));

        assertThat(listener.tokens()).singleElement().satisfies(token -> assertThat(token.tokens()).isEqualTo(3));
        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.usage().completionTokens()).isEqualTo(3);
        assertThat(completed.usage().promptTokens()).isPositive();
    }

    @Test
    void anAnswerWithoutFinishReasonStillFinishes() {
        server.answer(Answer.stream("done").ending(Ending.CLEAN_EOF));

        GenerationEvent.Completed completed = run(chat("demo", HELLO, greedy(16))).awaitCompleted(TIMEOUT);

        assertThat(completed.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void failsOnASequenceTheServerGaveUp() {
        server.answer(Answer.stream("one").finishing("abort"));

        GenerationEvent.Failed failed = failed(run(chat("demo", HELLO, greedy(16))));

        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("'abort'");
    }

    @Test
    void failsOnAnErrorObjectInsteadOfAnAnswer() {
        server.answer(Answer.stream("one").ending(Ending.ERROR_EVENT));

        GenerationEvent.Failed failed = failed(run(chat("demo", HELLO, greedy(16))));

        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("EngineCore encountered an issue");
    }

    @Test
    void failsWhenTheConnectionDropsHalfwayThroughTheAnswer() {
        server.answer(Answer.stream("Hello", " there").ending(Ending.ABRUPT));

        TestingListener listener = run(chat("demo", HELLO, greedy(16)));
        GenerationEvent.Failed failed = failed(listener);

        assertThat(listener.tokens()).isEmpty();
        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(engine.load().running()).isZero();
    }

    @Test
    void anAnswerSlowerThanTheFirstTokenTimeoutArrivesWithinTheAnswerTimeout() {
        engine.close();
        engine = engine(OpenAiCompatibleEngineTest.settings(server)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(100))
                .withAnswerTimeout(Duration.ofSeconds(5)));
        server.answer(Answer.stream("slow", " but", " whole").withDelays(Duration.ofMillis(300), Duration.ofMillis(100)));

        TestingListener listener = run(chat("demo", HELLO, greedy(16)));

        assertThat(listener.text()).isEqualTo("slow but whole");
        assertThat(listener.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void failsWhenNoAnswerComesWithinTheAnswerTimeout() {
        engine.close();
        engine = engine(OpenAiCompatibleEngineTest.settings(server).withAnswerTimeout(Duration.ofMillis(300)));
        server.answer(Answer.stream("never").ending(Ending.STALL));

        long start = System.nanoTime();
        TestingListener listener = new TestingListener();
        engine.generate(chat("demo", HELLO, greedy(16)).withDelivery(Delivery.WHOLE), listener);
        GenerationEvent.Failed failed = failed(listener);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
        assertThat(failed.error().getMessage()).contains("answer timeout of 300 ms");
        assertThat(failed.usage()).isEqualTo(TokenUsage.NONE);
        assertThat(engine.load().running()).isZero();
    }

    @Test
    void aContinuationKeepsItsDelivery() {
        GenerationRequest whole = chat("demo", HELLO, greedy(16)).withDelivery(Delivery.WHOLE);

        assertThat(whole.continuing("Hel", 10).delivery()).isEqualTo(Delivery.WHOLE);
        assertThat(chat("demo", HELLO, greedy(16)).delivery()).isEqualTo(Delivery.STREAMED);
    }
}
