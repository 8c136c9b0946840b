package io.hyperlocal.engines.llama;

import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.TestingListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Two one-slot engines (two sites) sharing one loaded model: slots, queueing, cancellation, close. */
class LlamaSlotsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final LlamaCppSettings ONE_SLOT = new LlamaCppSettings(1, 256, 2, 2, 1);
    static final String STORY = "Once upon a time";

    @Test
    void enginesSharingAPoolLoadTheModelOnce() {
        LlamaModelPool pool = new LlamaModelPool();
        try (LlamaCppEngine paris = engine(pool, "paris"); LlamaCppEngine lyon = engine(pool, "lyon")) {
            assertThat(pool.loads()).isEqualTo(1);
            assertThat(generate(paris, greedy(10)).awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(generate(lyon, greedy(10)).awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.LENGTH);

            assertThatThrownBy(() -> pool.open(TestModels.stories260k(), 2, ONE_SLOT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("loaded with 2 slots, 2 of them reserved by 2 engines");
            assertThatThrownBy(() -> pool.open(TestModels.stories260k(), 2, ONE_SLOT.withContextPerSlot(512)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must use the same context per slot");

            paris.close();
            assertThat(paris.health()).isInstanceOf(EngineHealth.Down.class);
            assertThatThrownBy(() -> paris.generate(text("stories260k", STORY, greedy(5)), new TestingListener()))
                    .isInstanceOfSatisfying(HyperlocalException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_FAILED));
            assertThat(generate(lyon, greedy(5)).awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.LENGTH);
        }
        try (LlamaCppEngine again = engine(pool, "again")) {
            assertThat(pool.loads()).as("the last close unloaded the model").isEqualTo(2);
        }
    }

    @Test
    void cancellingFreesTheSlotAtOnce() throws InterruptedException {
        LlamaModelPool pool = new LlamaModelPool();
        try (LlamaCppEngine engine = engine(pool, "paris")) {
            TestingListener longOne = new TestingListener();
            Generation generation = engine.generate(
                    text("stories260k", STORY, greedy(SamplingParameters.UNLIMITED)), longOne);
            longOne.awaitFirstToken(TIMEOUT);

            generation.cancel();
            generation.cancel();

            assertThat(engine.load().running()).isZero();
            TestingListener next = generate(engine, greedy(10));
            assertThat(next.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.LENGTH);
            GenerationEvent.Completed cancelled = longOne.awaitCompleted(TIMEOUT);
            assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(cancelled.usage().completionTokens()).isPositive().isLessThan(250);
            assertThat(cancelled.usage().promptTokens()).isEqualTo(5);
        }
    }

    @Test
    void queuesUpToTheWaitingLimitThenRefuses() throws InterruptedException {
        LlamaModelPool pool = new LlamaModelPool();
        try (LlamaCppEngine engine = engine(pool, "paris")) {
            CountDownLatch release = new CountDownLatch(1);
            TestingListener blockedRecord = new TestingListener();
            // Holding the worker in the listener keeps the only slot busy for as long as the test needs.
            GenerationListener blocking = event -> {
                blockedRecord.onEvent(event);
                awaitQuietly(release);
            };
            Generation running = engine.generate(text("stories260k", STORY, greedy(50)), blocking);
            blockedRecord.awaitFirstToken(TIMEOUT);
            TestingListener waitingRecord = new TestingListener();
            Generation waiting = engine.generate(text("stories260k", STORY, greedy(50)), waitingRecord);

            assertThat(engine.load().running()).isEqualTo(1);
            assertThat(engine.load().waiting()).isEqualTo(1);
            assertThatThrownBy(() -> engine.generate(text("stories260k", STORY, greedy(5)), new TestingListener()))
                    .isInstanceOfSatisfying(HyperlocalException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_OVERLOADED))
                    .hasMessageContaining("all 1 slots are busy and 1 requests are waiting");

            waiting.cancel();
            GenerationEvent.Completed neverRan = waitingRecord.awaitCompleted(TIMEOUT);
            assertThat(neverRan.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(neverRan.usage().completionTokens()).isZero();
            assertThat(waitingRecord.tokens()).isEmpty();

            running.cancel();
            assertThat(engine.load().running()).isZero();
            release.countDown();
            assertThat(blockedRecord.awaitCompleted(TIMEOUT).finishReason()).isEqualTo(FinishReason.CANCELLED);
        }
    }

    private static LlamaCppEngine engine(LlamaModelPool pool, String site) {
        return new LlamaCppEngine("llama-" + site, "stories260k", pool.open(TestModels.stories260k(), 2, ONE_SLOT));
    }

    private static TestingListener generate(LlamaCppEngine engine, SamplingParameters sampling) {
        TestingListener listener = new TestingListener();
        engine.generate(text("stories260k", STORY, sampling), listener);
        return listener;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
