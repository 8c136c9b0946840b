package io.hyperlocal.engines.simulated;

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
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.EngineKind;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.ModelInfo;
import io.hyperlocal.engines.TestingListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedEngineTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration NEVER = Duration.ofHours(1);

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final AtomicLong now = new AtomicLong();
    SimulatedEngine engine = engine(SimulatedEngineSettings.DEFAULTS);

    @AfterEach
    void stop() {
        engine.close();
        scheduler.shutdownNow();
    }

    SimulatedEngine engine(SimulatedEngineSettings settings) {
        return new SimulatedEngine("sim", List.of("demo-small", "demo-large"), settings, scheduler, now::get);
    }

    TestingListener run(GenerationRequest request) {
        TestingListener listener = new TestingListener();
        engine.generate(request, listener);
        listener.awaitTerminal(TIMEOUT);
        return listener;
    }

    @Test
    void publishesSimulatedModels() {
        assertThat(engine.kind()).isEqualTo(EngineKind.SIMULATED);
        assertThat(engine.models()).extracting(ModelInfo::id).containsExactly("demo-small", "demo-large");
        assertThat(engine.models()).allMatch(ModelInfo::simulated);
    }

    @Test
    void writesMarkedDeterministicText() {
        String first = run(text("demo-small", "Hello", sampled(SamplingParameters.UNLIMITED, 1, 5))).text();
        String second = run(text("demo-small", "Hello", sampled(SamplingParameters.UNLIMITED, 1, 5))).text();
        String other = run(text("demo-small", "Hello", sampled(SamplingParameters.UNLIMITED, 1, 6))).text();

        assertThat(first).startsWith(SimulatedText.NOTICE + " ").endsWith(".").isEqualTo(second);
        assertThat(other).startsWith(SimulatedText.NOTICE).isNotEqualTo(first);
    }

    @Test
    void stopsAtItsNaturalLength() {
        TestingListener listener = run(text("demo-small", "Hello", greedy(SamplingParameters.UNLIMITED)));

        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(completed.usage().completionTokens())
                .isBetween(SimulatedText.MIN_LENGTH, SimulatedText.MAX_LENGTH)
                .isEqualTo(listener.reportedTokens())
                .isEqualTo(listener.text().split(" ").length);
    }

    @Test
    void honoursMaxTokens() {
        TestingListener listener = run(text("demo-small", "Hello", greedy(4)));

        assertThat(listener.text()).isEqualTo("[simulated] This text comes");
        assertThat(listener.awaitCompleted(TIMEOUT))
                .isEqualTo(new GenerationEvent.Completed(FinishReason.LENGTH, new TokenUsage(1, 4)));
    }

    @Test
    void stopsBeforeAStopSequence() {
        TestingListener listener = run(text("demo-small", "Hello", greedy(50, "engine")));

        assertThat(listener.text()).isEqualTo("[simulated] This text comes from Hyperlocal's simulated ");
        assertThat(listener.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void approximatesPromptTokensByWordsAndMessages() {
        List<ChatMessage> messages = List.of(new ChatMessage("system", "Be  brief."),
                new ChatMessage("user", "How are you today?"));

        assertThat(run(chat("demo-small", messages, greedy(1))).awaitCompleted(TIMEOUT).usage().promptTokens())
                .isEqualTo(2 + 1 + 4 + 1);
        assertThat(engine.countTokens("demo-large", " one two\tthree\n")).isEqualTo(3);
        assertThat(engine.countTokens("demo-large", "   ")).isZero();
    }

    @Test
    void refusesPromptsLongerThanItsContextAndUnknownModels() {
        engine = engine(SimulatedEngineSettings.DEFAULTS.withContextLength(16));

        assertThatThrownBy(() -> engine.generate(text("demo-small", "word ".repeat(16), greedy(1)),
                new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTEXT_LENGTH_EXCEEDED));
        assertThatThrownBy(() -> engine.generate(text("gpt-4o", "hi", greedy(1)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
    }

    @Test
    void queuesCancelsAndRefusesLikeARealEngine() {
        TestingScheduler virtual = new TestingScheduler();
        engine.close();
        engine = new SimulatedEngine("sim", List.of("demo-small"),
                SimulatedEngineSettings.DEFAULTS.withSlots(1, 1).withDelays(NEVER, Duration.ZERO), virtual,
                virtual::nanoTime);
        TestingListener first = new TestingListener();
        TestingListener second = new TestingListener();
        Generation running = engine.generate(text("demo-small", "Hello", greedy(5)), first);
        engine.generate(text("demo-small", "Hello", greedy(5)), second);
        virtual.runReady();

        assertThat(engine.load().running()).isEqualTo(1);
        assertThat(engine.load().waiting()).isEqualTo(1);
        assertThatThrownBy(() -> engine.generate(text("demo-small", "Hello", greedy(5)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_OVERLOADED));

        running.cancel();
        virtual.runReady();

        assertThat(first.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(first.tokens()).isEmpty();
        // The cancelled sequence's step is still in flight (an hour long): the next one waits for it to end.
        assertThat(engine.load().running()).isZero();
        assertThat(engine.load().waiting()).isEqualTo(1);
        assertThat(engine.load().kvCacheUsage()).isZero();
        engine.close();
        virtual.runReady();
        assertThat(second.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(engine.health()).isInstanceOf(EngineHealth.Down.class);
    }

    @Test
    void measuresThroughputWithItsClock() {
        run(text("demo-small", "Hello", greedy(10)));

        assertThat(engine.load().tokensPerSecond()).isEqualTo(2.0);
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(engine.load().tokensPerSecond()).isLessThan(1e-9);
    }

    @Test
    void settingsRefuseNegativeDelays() {
        assertThatThrownBy(() -> SimulatedEngineSettings.DEFAULTS.withDelays(Duration.ofMillis(-1), Duration.ZERO))
                .hasMessage("timeToFirstToken must not be negative: PT-0.001S");
    }
}
