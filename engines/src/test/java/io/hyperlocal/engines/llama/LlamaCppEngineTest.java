package io.hyperlocal.engines.llama;

import static io.hyperlocal.engines.TestingRequests.chat;
import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.sampled;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.engines.TestingListener;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine against real llama.cpp and the tiny stories260K model (greedy output is fixed). */
class LlamaCppEngineTest {
    static final String MODEL = "stories260k";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final LlamaCppSettings SETTINGS = new LlamaCppSettings(2, 256, 2, 2, 4);
    static final String STORY = "Once upon a time";

    static LlamaModelPool pool;
    static LlamaCppEngine engine;

    @BeforeAll
    static void load() {
        pool = new LlamaModelPool();
        engine = new LlamaCppEngine("llama-test", MODEL, pool.open(TestModels.stories260k(), SETTINGS),
                System::nanoTime, new SplittableRandom(7));
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    static TestingListener run(GenerationRequest request) {
        TestingListener listener = new TestingListener();
        engine.generate(request, listener);
        listener.awaitTerminal(TIMEOUT);
        return listener;
    }

    @Test
    void publishesTheModelWithItsContextPerSlot() {
        assertThat(engine.models()).containsExactly(
                new ModelInfo(MODEL, 256, false, "stories260K.gguf"));
        assertThat(LlamaCppEngine.modelIdFor(TestModels.stories260k())).isEqualTo(MODEL);
        assertThat(engine.health()).isEqualTo(EngineHealth.READY);
    }

    @Test
    void greedyGenerationIsDeterministic() {
        TestingListener first = run(text(MODEL, STORY, greedy(40)));
        TestingListener second = run(text(MODEL, STORY, greedy(40)));

        assertThat(first.text()).isNotBlank().isEqualTo(second.text());
        assertThat(first.text()).startsWith(", there was a little");
    }

    @Test
    void continuesAfterAnAssistantPrefixWithoutRepeatingIt() {
        TestingListener whole = run(text(MODEL, STORY, greedy(30)));
        String prefix = whole.tokens().subList(0, 10).stream().map(GenerationEvent.Token::text)
                .reduce("", String::concat);
        GenerationRequest continuation = text(MODEL, STORY, greedy(30)).continuing(prefix, 20);

        TestingListener rest = run(continuation);

        GenerationEvent.Completed completed = rest.awaitCompleted(TIMEOUT);
        int wholePrompt = whole.awaitCompleted(TIMEOUT).usage().promptTokens();
        // The prefix is read as prompt now, not generated again.
        assertThat(completed.usage().promptTokens()).isGreaterThan(wholePrompt + 5);
        assertThat(completed.usage().completionTokens()).isLessThanOrEqualTo(20);
        assertThat(rest.text()).isNotBlank().doesNotStartWith(prefix);
    }

    @Test
    void honoursMaxTokensExactly() {
        TestingListener listener = run(text(MODEL, STORY, greedy(12)));

        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completed.usage().completionTokens()).isEqualTo(12);
        assertThat(listener.reportedTokens()).isEqualTo(12);
    }

    @Test
    void stopsBeforeAStopSequence() {
        String full = run(text(MODEL, STORY, greedy(60))).text();
        assertThat(full).contains("park");

        TestingListener stopped = run(text(MODEL, STORY, greedy(60, "park")));

        assertThat(stopped.text()).isEqualTo(full.substring(0, full.indexOf("park"))).doesNotContain("park");
        assertThat(stopped.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void aSeedReproducesASample() {
        String first = run(text(MODEL, STORY, sampled(40, 0.8, 1234))).text();
        String second = run(text(MODEL, STORY, sampled(40, 0.8, 1234))).text();
        String other = run(text(MODEL, STORY, sampled(40, 0.8, 99))).text();

        assertThat(first).isEqualTo(second);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void countsPromptTokensWithTheBosToken() {
        TestingListener listener = run(text(MODEL, STORY, greedy(5)));

        assertThat(listener.awaitCompleted(TIMEOUT).usage().promptTokens())
                .isEqualTo(1 + engine.countTokens(MODEL, STORY));
        assertThat(engine.countTokens(MODEL, STORY)).isEqualTo(4);
    }

    @Test
    void rendersChatsWithoutTemplateAsATranscript() {
        List<ChatMessage> messages = List.of(new ChatMessage("system", "Tell stories."),
                new ChatMessage("user", "A story about a cat"));

        TestingListener listener = run(chat(MODEL, messages, greedy(30)));

        String transcript = "System: Tell stories.\nUser: A story about a cat\nAssistant:";
        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.usage().promptTokens()).isEqualTo(1 + engine.countTokens(MODEL, transcript));
        assertThat(listener.text()).doesNotContain("\nUser:");
    }

    @Test
    void refusesAPromptLongerThanTheContext() {
        String longPrompt = "cat ".repeat(300);
        int tokens = 1 + engine.countTokens(MODEL, longPrompt);

        assertThatThrownBy(() -> engine.generate(text(MODEL, longPrompt, greedy(5)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED);
                    assertThat(e.param()).contains("prompt");
                })
                .hasMessage("This model's maximum context length is 256 tokens. However, your prompt resulted in "
                        + tokens + " tokens. Please reduce the length of the prompt.");
        assertThatThrownBy(() -> engine.generate(chat(MODEL, List.of(new ChatMessage("user", longPrompt)),
                greedy(5)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> assertThat(e.param()).contains("messages"));
    }

    @Test
    void clampsTheCompletionToTheContextLeft() {
        String prompt = "cat ".repeat(120);
        int promptTokens = 1 + engine.countTokens(MODEL, prompt);
        assertThat(promptTokens).isBetween(200, 250);

        TestingListener listener = run(text(MODEL, prompt, greedy(SamplingParameters.UNLIMITED)));

        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.usage().promptTokens()).isEqualTo(promptTokens);
        assertThat(completed.usage().completionTokens()).isEqualTo(256 - promptTokens);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void refusesAModelItDoesNotServe() {
        assertThatThrownBy(() -> engine.generate(text("gpt-4o", STORY, greedy(5)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
        assertThatThrownBy(() -> engine.countTokens("gpt-4o", STORY)).isInstanceOf(HyperlocalException.class);
    }

    @Test
    void reportsLoadAndThroughput() {
        run(text(MODEL, STORY, greedy(20)));

        assertThat(engine.load().slots()).isEqualTo(2);
        assertThat(engine.load().tokensPerSecond()).isPositive();
    }
}
