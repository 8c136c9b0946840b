package io.hyperlocal.engines.simulated;

import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.sampled;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.TestingListener;
import io.hyperlocal.engines.simulated.model.StepTimeModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine on virtual time: timing, batching, KV use, continuation and failure injection, exactly. */
class SimulatedEngineBatchingTest {
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Instant START = Instant.parse("2026-11-26T04:00:00Z");

    final TestingScheduler virtual = new TestingScheduler();
    SimulatedEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        virtual.runAll(100_000);
    }

    SimulatedEngine engine(SimulatedEngineSettings settings) {
        engine = new SimulatedEngine("sim", List.of("demo"), settings, virtual, virtual::nanoTime,
                Clock.fixed(START, ZoneOffset.UTC));
        return engine;
    }

    /** Submits a request; it joins the next step, which starts when the test runs the scheduler. */
    TestingListener submit(GenerationRequest request) {
        TestingListener listener = new TestingListener();
        engine.generate(request, listener);
        return listener;
    }

    TestingListener start(GenerationRequest request) {
        TestingListener listener = submit(request);
        virtual.runReady();
        return listener;
    }

    @Test
    void aLoneRequestGetsItsFirstTokenAfterTheTimeToFirstTokenThenOneEveryDelay() {
        engine(SimulatedEngineSettings.DEFAULTS.withDelays(Duration.ofMillis(50), Duration.ofMillis(20)));
        TestingListener listener = start(text("demo", "Hello", greedy(3)));

        virtual.advance(Duration.ofMillis(49));
        assertThat(listener.tokens()).isEmpty();
        virtual.advance(Duration.ofMillis(1));
        assertThat(listener.tokens()).hasSize(1);
        virtual.advance(Duration.ofMillis(19));
        assertThat(listener.tokens()).hasSize(1);
        virtual.advance(Duration.ofMillis(1));
        assertThat(listener.tokens()).hasSize(2);
        virtual.advance(Duration.ofMillis(20));
        assertThat(listener.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void aPresetTimesStepsByItsModelAndBatchesConcurrentRequests() {
        StepTimeModel model = StepTimeModel.LLAMA_3_1_8B_H100;
        engine(SimulatedEngineSettings.LLAMA_3_1_8B_H100);
        TestingListener first = submit(text("demo", "one two three four", greedy(10)));
        TestingListener second = submit(text("demo", "five six seven eight", greedy(10)));
        virtual.runReady();

        // Both prompts are prefilled in the first step: 8 tokens.
        virtual.advance(Duration.ofNanos(model.meanNanos(8, 0)));
        assertThat(first.tokens()).hasSize(1);
        assertThat(second.tokens()).hasSize(1);
        assertThat(engine.load().running()).isEqualTo(2);
        assertThat(engine.load().kvCacheUsage()).isEqualTo(2.0 / 29_205);
        // Then both decode together, one token each per step.
        virtual.advance(Duration.ofNanos(model.meanNanos(0, 2)));
        assertThat(first.tokens()).hasSize(2);
        assertThat(second.tokens()).hasSize(2);
        virtual.advance(Duration.ofSeconds(1));
        assertThat(first.awaitCompleted(TIMEOUT).usage().completionTokens()).isEqualTo(10);
        assertThat(engine.load().running()).isZero();
        assertThat(engine.load().kvCacheUsage()).isZero();
        assertThat(engine.load().tokensPerSecond()).isPositive();
    }

    @Test
    void aSlowdownStretchesEveryStep() {
        engine(SimulatedEngineSettings.DEFAULTS.withDelays(Duration.ZERO, Duration.ofMillis(10)).withSlowdown(3));
        TestingListener listener = start(text("demo", "Hello", greedy(2)));

        virtual.advance(Duration.ofMillis(29));
        assertThat(listener.tokens()).isEmpty();
        virtual.advance(Duration.ofMillis(1));
        assertThat(listener.tokens()).hasSize(1);
        assertThat(engine.health()).isEqualTo(EngineHealth.READY);
    }

    @Test
    void refusesWhatExceedsRunningPlusWaitingWithEngineOverloaded() {
        engine(SimulatedEngineSettings.DEFAULTS.withSlots(2, 1).withDelays(Duration.ofSeconds(1), Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            submit(text("demo", "Hello", greedy(5)));
        }
        virtual.runReady();

        assertThat(engine.load().running()).isEqualTo(2);
        assertThat(engine.load().waiting()).isEqualTo(1);
        assertThatThrownBy(() -> engine.generate(text("demo", "Hello", greedy(5)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_OVERLOADED);
                    assertThat(e.code().httpStatus()).isEqualTo(429);
                    assertThat(e.getMessage()).contains("2 of 2 sequences run and 1 wait");
                });
    }

    @Test
    void cancellationEndsTheStreamAndFreesItsBlocks() {
        engine(SimulatedEngineSettings.DEFAULTS.withDelays(Duration.ZERO, Duration.ofMillis(10)));
        TestingListener listener = new TestingListener();
        Generation generation = engine.generate(text("demo", "word ".repeat(100), greedy(50)), listener);
        virtual.advance(Duration.ofMillis(35));
        assertThat(engine.load().kvCacheUsage()).isPositive();

        generation.cancel();
        generation.cancel();
        virtual.advance(Duration.ofMillis(100));

        GenerationEvent.Completed completed = listener.awaitCompleted(TIMEOUT);
        assertThat(completed.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(completed.usage().completionTokens()).isEqualTo(3).isEqualTo(listener.tokens().size());
        assertThat(engine.load().kvCacheUsage()).isZero();
        assertThat(engine.load().running()).isZero();
    }

    @Test
    void continuesAfterAnAssistantPrefixWithoutRepeatingIt() {
        engine(SimulatedEngineSettings.DEFAULTS);
        SamplingParameters sampling = sampled(SamplingParameters.UNLIMITED, 1, 11);
        TestingListener whole = start(text("demo", "Tell me", sampling));
        String full = whole.text();
        String[] words = full.split(" ");
        String prefix = String.join(" ", List.of(words).subList(0, 5));

        TestingListener rest = start(new GenerationRequest("continued", "demo", new io.hyperlocal.core.Prompt.Text(
                "Tell me"), sampling, prefix));

        assertThat(prefix + rest.text()).isEqualTo(full);
        GenerationEvent.Completed completed = rest.awaitCompleted(TIMEOUT);
        assertThat(completed.usage().promptTokens()).isEqualTo(2 + 5);
        assertThat(completed.usage().completionTokens()).isEqualTo(words.length - 5);
        // Without the seed the words differ, but the notice is still not repeated.
        TestingListener other = start(new GenerationRequest("other", "demo", new io.hyperlocal.core.Prompt.Text(
                "Tell me"), greedy(3), "[simulated] This text comes "));
        assertThat(other.text()).isEqualTo("from Hyperlocal's simulated");
    }

    @Test
    void anErrorRateFailsThatShareOfRequestsBeforeAnyTokenTheSameWayForASeed() {
        int failures = failuresOutOf(2000, 0.25, 5);

        // Binomial(2000, 0.25): mean 500, sd 19.4; four sd either side.
        assertThat(failures).isBetween(422, 578).isEqualTo(failuresOutOf(2000, 0.25, 5));
        assertThat(failuresOutOf(500, 0, 5)).isZero();
        assertThat(failuresOutOf(500, 1, 5)).isEqualTo(500);
    }

    int failuresOutOf(int requests, double errorRate, long seed) {
        engine(SimulatedEngineSettings.DEFAULTS.withSlots(8, requests)
                .withFailures(FailureInjection.NONE.withErrorRate(errorRate)).withSeed(seed));
        List<TestingListener> listeners = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            listeners.add(submit(text("demo", "Hello", greedy(2))));
        }
        virtual.runAll(1_000_000);
        int failures = 0;
        for (TestingListener listener : listeners) {
            if (listener.awaitTerminal(TIMEOUT) instanceof GenerationEvent.Failed failed) {
                assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
                assertThat(listener.tokens()).isEmpty();
                failures++;
            }
        }
        engine.close();
        return failures;
    }

    @Test
    void aCrashFailsRunningStreamsMidwayAndTakesTheEngineDown() {
        engine(SimulatedEngineSettings.DEFAULTS.withDelays(Duration.ZERO, Duration.ofMillis(10))
                .withFailures(FailureInjection.NONE.withCrash(new FailureInjection.Crash.After(Duration.ofMillis(95)))));
        TestingListener streaming = start(text("demo", "Hello", greedy(1000)));

        virtual.advance(Duration.ofMillis(200));

        GenerationEvent terminal = streaming.awaitTerminal(TIMEOUT);
        assertThat(terminal).isInstanceOfSatisfying(GenerationEvent.Failed.class, failed -> {
            assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
            assertThat(failed.usage().completionTokens()).isEqualTo(9);
        });
        assertThat(streaming.tokens()).hasSize(9);
        assertThat(engine.health()).isInstanceOf(EngineHealth.Down.class);
        assertThatThrownBy(() -> engine.generate(text("demo", "Hello", greedy(5)), new TestingListener()))
                .isInstanceOfSatisfying(HyperlocalException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_FAILED));
    }

    @Test
    void aCrashAtAnInstantAlreadyPastHappensAtOnce() {
        engine(SimulatedEngineSettings.DEFAULTS.withFailures(
                FailureInjection.NONE.withCrash(new FailureInjection.Crash.At(START.minusSeconds(1)))));
        assertThat(engine.health()).isEqualTo(EngineHealth.READY);

        virtual.runReady();

        assertThat(engine.health()).isInstanceOfSatisfying(EngineHealth.Down.class,
                down -> assertThat(down.reason()).contains("crashed"));
    }

    @Test
    void aSeedGivesTheSameTextsAndTimings() {
        List<String> first = texts(StepTimeModel.LLAMA_3_1_8B_H100.withJitter(0.3));
        List<String> second = texts(StepTimeModel.LLAMA_3_1_8B_H100.withJitter(0.3));

        assertThat(first).isEqualTo(second).doesNotHaveDuplicates();
    }

    List<String> texts(StepTimeModel stepTime) {
        TestingScheduler clock = new TestingScheduler();
        SimulatedEngine seeded = new SimulatedEngine("sim", List.of("demo"),
                SimulatedEngineSettings.DEFAULTS.withStepTime(stepTime).withSeed(99), clock, clock::nanoTime);
        List<TestingListener> listeners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestingListener listener = new TestingListener();
            seeded.generate(text("demo", "Hello there", greedy(SamplingParameters.UNLIMITED)), listener);
            listeners.add(listener);
        }
        clock.runAll(100_000);
        seeded.close();
        return listeners.stream().map(listener -> listener.text() + " @" + clock.nanoTime()).toList();
    }

    @Test
    void settingsPresetsAreValidAndLimitsNameTheirField() {
        for (SimulatedEngineSettings preset : List.of(SimulatedEngineSettings.LLAMA_3_1_8B_H100,
                SimulatedEngineSettings.LLAMA_3_3_70B_H100_TP4, SimulatedEngineSettings.SMALL_MODEL_CPU)) {
            assertThat(preset.limits().kvBlocks() * 16L).isGreaterThanOrEqualTo(preset.contextLength());
        }
        assertThatThrownBy(() -> SimulatedEngineSettings.DEFAULTS.withKvBlocks(100))
                .hasMessage("kvBlocks must hold one full context of 4096 tokens (256 blocks): 100");
        assertThatThrownBy(() -> SimulatedEngineSettings.DEFAULTS.withTokenBudget(4))
                .hasMessage("tokenBudget must be at least maxRunning (8), as vLLM requires of "
                        + "max_num_batched_tokens: 4");
        assertThatThrownBy(() -> FailureInjection.NONE.withErrorRate(1.5))
                .hasMessage("errorRate must be in [0, 1]: 1.5");
        assertThat(SimulatedEngineSettings.DEFAULTS.withSlots(10_000, 0).tokenBudget()).isEqualTo(10_000);
    }
}
