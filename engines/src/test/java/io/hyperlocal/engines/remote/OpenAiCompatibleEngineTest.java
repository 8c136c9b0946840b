package io.hyperlocal.engines.remote;

import static io.hyperlocal.engines.TestingRequests.chat;
import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.TestingListener;
import io.hyperlocal.engines.remote.TestingOpenAiServer.Answer;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streaming, request shapes and token counts against a real local HTTP server. */
class OpenAiCompatibleEngineTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final List<ChatMessage> HELLO = List.of(new ChatMessage("system", "Be brief."),
            new ChatMessage("user", "Say hello"));

    final TestingOpenAiServer server = TestingOpenAiServer.start();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    OpenAiCompatibleEngine engine = engine(settings(server));

    @AfterEach
    void stop() {
        engine.close();
        server.close();
        scheduler.shutdownNow();
    }

    /** Known models and polling slow enough that only the first probe runs during a test. */
    static RemoteEngineSettings settings(TestingOpenAiServer server) {
        return RemoteEngineSettings.defaults(server.baseUrl())
                .withModels(List.of(TestingOpenAiServer.MODEL), 8192)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withPolling(Duration.ofHours(1), 3);
    }

    OpenAiCompatibleEngine engine(RemoteEngineSettings settings) {
        return new OpenAiCompatibleEngine("remote", settings, scheduler);
    }

    TestingListener run(GenerationRequest request) {
        TestingListener listener = new TestingListener();
        engine.generate(request, listener);
        listener.awaitTerminal(TIMEOUT);
        return listener;
    }

    @Test
    void publishesItsConfiguredModels() {
        assertThat(engine.kind()).isEqualTo(EngineKind.OPENAI_COMPATIBLE);
        assertThat(engine.models()).singleElement().satisfies(model -> {
            assertThat(model.id()).isEqualTo("demo");
            assertThat(model.contextLength()).isEqualTo(8192);
            assertThat(model.simulated()).isFalse();
            assertThat(model.description()).isEqualTo(server.baseUrl().toString());
        });
    }

    @Test
    void streamsChatTextChunkByChunkWithTheServersUsage() {
        TestingListener listener = run(chat("demo", HELLO, greedy(16)));

        assertThat(listener.tokens()).extracting(GenerationEvent.Token::text).containsExactly("Hello", ",", " world", "!");
        assertThat(listener.tokens()).allMatch(token -> token.tokens() == 1);
        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(completed.usage()).isEqualTo(new TokenUsage(TestingOpenAiServer.PROMPT_TOKENS, 4));
        TestingOpenAiServer.Received received = server.lastReceived();
        assertThat(received.path()).isEqualTo("/v1/chat/completions");
        assertThat(received.authorization()).isNull();
        JsonNode body = received.body();
        assertThat(body.path("model").asText()).isEqualTo("demo");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("messages")).hasSize(2);
        assertThat(body.path("messages").path(1).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").path(1).path("content").asText()).isEqualTo("Say hello");
        assertThat(body.has("continue_final_message")).isFalse();
    }

    @Test
    void sendsTheSamplingParameters() {
        SamplingParameters sampling = new SamplingParameters(5, 0.5, 0.9, List.of("\n", "END"), OptionalLong.of(42),
                0.25, -0.5);

        run(chat("demo", HELLO, sampling));

        JsonNode body = server.lastReceived().body();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("stop")).extracting(JsonNode::asText).containsExactly("\n", "END");
        assertThat(body.path("seed").asLong()).isEqualTo(42);
        assertThat(body.path("presence_penalty").asDouble()).isEqualTo(0.25);
        assertThat(body.path("frequency_penalty").asDouble()).isEqualTo(-0.5);
    }

    @Test
    void leavesOutUnlimitedTokensAndAbsentSeed() {
        run(chat("demo", HELLO, SamplingParameters.DEFAULTS));

        JsonNode body = server.lastReceived().body();
        assertThat(body.has("max_tokens")).isFalse();
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("stop")).isFalse();
    }

    @Test
    void sendsTextPromptsToTheCompletionsEndpoint() {
        server.answer(Answer.stream("Once", " upon", " a", " time").finishing("length"));

        TestingListener listener = run(text("demo", "Tell a story:", greedy(4)));

        assertThat(listener.text()).isEqualTo("Once upon a time");
        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completed.usage()).isEqualTo(new TokenUsage(TestingOpenAiServer.PROMPT_TOKENS, 4));
        assertThat(server.lastReceived().path()).isEqualTo("/v1/completions");
        assertThat(server.lastReceived().body().path("prompt").asText()).isEqualTo("Tell a story:");
    }

    @Test
    void countsChunksWhenTheServerSendsNoUsage() {
        server.answer(Answer.stream("a", "b", "c").withoutUsage());

        GenerationEvent.Completed completed = run(text("demo", "12345678", greedy(16))).awaitCompleted(TIMEOUT);

        // Prompt tokens are the engine's estimate: one per four characters.
        assertThat(completed.usage()).isEqualTo(new TokenUsage(2, 3));
    }

    @Test
    void continuesAChatAfterTheAssistantPrefix() {
        GenerationRequest request = chat("demo", HELLO, greedy(16)).continuing("Hello, wor", 12);

        run(request);

        JsonNode body = server.lastReceived().body();
        assertThat(body.path("messages")).hasSize(3);
        assertThat(body.path("messages").path(2).path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("messages").path(2).path("content").asText()).isEqualTo("Hello, wor");
        assertThat(body.path("continue_final_message").asBoolean()).isTrue();
        assertThat(body.path("add_generation_prompt").isBoolean()).isTrue();
        assertThat(body.path("add_generation_prompt").asBoolean()).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(12);
    }

    @Test
    void continuesATextPromptByAppendingThePrefix() {
        run(text("demo", "Once upon", greedy(16)).continuing(" a time", 8));

        JsonNode body = server.lastReceived().body();
        assertThat(body.path("prompt").asText()).isEqualTo("Once upon a time");
        assertThat(body.has("continue_final_message")).isFalse();
    }

    @Test
    void sendsTheApiKeyAsABearerToken() {
        engine.close();
        engine = engine(settings(server).withApiKey("sk-local"));

        run(chat("demo", HELLO, greedy(16)));

        assertThat(server.lastReceived().authorization()).isEqualTo("Bearer sk-local");
    }

    @Test
    void refusesAModelItDoesNotServe() {
        assertThatThrownBy(() -> engine.generate(chat("other", HELLO, greedy(4)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
        assertThat(server.received()).isEmpty();
    }

    @Test
    void reusesPooledConnectionsForSequentialRequests() {
        for (int i = 0; i < 10; i++) {
            run(chat("demo", HELLO, greedy(16))).awaitCompleted(TIMEOUT);
        }

        assertThat(server.received()).hasSize(10);
        // The JDK client keeps HTTP/1.1 connections alive. The engine ends a generation at [DONE],
        // a moment before the client reads the body's last bytes and pools the connection, so a request
        // sent at once may open another one; most requests still reuse a pooled connection.
        assertThat(server.completionConnections()).isBetween(1, 4);
    }

    @Test
    void estimatesTokenCounts() {
        assertThat(engine.countTokens("demo", "")).isZero();
        assertThat(engine.countTokens("demo", "abcd")).isEqualTo(1);
        assertThat(engine.countTokens("demo", "abcde")).isEqualTo(2);
    }
}
