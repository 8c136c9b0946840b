package io.hyperlocal.engines.simulated;

import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.TestingListener;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many callers at once, on the engine's own thread: every stream ends exactly once and nothing leaks. */
class SimulatedEngineConcurrencyTest {

    @Test
    void concurrentGenerationsAndCancellationsAllEndAndFreeTheirBlocks() throws Exception {
        SimulatedEngine engine = new SimulatedEngine("sim", List.of("demo"), SimulatedEngineSettings.DEFAULTS
                .withSlots(16, 64).withKvBlocks(300).withContextLength(4096)
                .withDelays(Duration.ofMillis(1), Duration.ofMillis(1))
                .withFailures(FailureInjection.NONE.withErrorRate(0.05)));
        Queue<TestingListener> listeners = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        for (int caller = 0; caller < 8; caller++) {
            callers.execute(() -> {
                for (int i = 0; i < 50; i++) {
                    TestingListener listener = new TestingListener();
                    String prompt = "shared system prompt words ".repeat(10) + ThreadLocalRandom.current().nextInt();
                    try {
                        Generation generation = engine.generate(text("demo", prompt, greedy(40)), listener);
                        listeners.add(listener);
                        if (ThreadLocalRandom.current().nextInt(4) == 0) {
                            generation.cancel();
                        }
                    } catch (HyperlocalException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_OVERLOADED);
                        refused.incrementAndGet();
                    }
                }
            });
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        for (TestingListener listener : listeners) {
            GenerationEvent terminal = listener.awaitTerminal(Duration.ofSeconds(30));
            int completion = switch (terminal) {
                case GenerationEvent.Completed completed -> completed.usage().completionTokens();
                case GenerationEvent.Failed failed -> failed.usage().completionTokens();
                case GenerationEvent.Token token -> throw new AssertionError("not terminal: " + token);
            };
            assertThat(listener.reportedTokens()).isLessThanOrEqualTo(completion).isLessThanOrEqualTo(40);
        }
        assertThat(listeners.size() + refused.get()).isEqualTo(400);
        assertThat(engine.load().running()).isZero();
        assertThat(engine.load().waiting()).isZero();
        assertThat(engine.load().kvCacheUsage()).isZero();
        assertThat(engine.vllmMetrics()).contains("vllm:prefix_cache_hits_total");
        engine.close();
    }
}
