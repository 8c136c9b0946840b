package io.hyperlocal.engines.remote;

import static io.hyperlocal.engines.TestingRequests.greedy;
import static io.hyperlocal.engines.TestingRequests.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.TestingListener;
import io.hyperlocal.engines.simulated.SimulatedEngine;
import io.hyperlocal.engines.simulated.SimulatedEngineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated engine's vLLM metrics, read by the very parser that reads a real vLLM server. */
class SimulatedMetricsTest {

    @Test
    void theRemoteEnginesParserReadsTheSimulatedEnginesMetrics() throws Exception {
        try (SimulatedEngine engine = new SimulatedEngine("sim", List.of("sim-model"),
                SimulatedEngineSettings.DEFAULTS.withSlots(2, 8).withDelays(Duration.ZERO, Duration.ofMillis(50)))) {
            List<Generation> running = new ArrayList<>();
            List<TestingListener> listeners = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TestingListener listener = new TestingListener();
                listeners.add(listener);
                running.add(engine.generate(text("sim-model", "Tell me about sovereign clouds " + i, greedy(500)), listener));
            }
            // Both slots are busy once the first two requests have streamed a token; the scheduler
            // may take them in different steps, so waiting for the first alone races the second.
            listeners.get(0).awaitFirstToken(Duration.ofSeconds(10));
            listeners.get(1).awaitFirstToken(Duration.ofSeconds(10));

            VllmMetrics metrics = VllmMetrics.parse(engine.vllmMetrics());
            EngineLoad load = engine.load();
            VllmMetrics.ModelLoad parsed = metrics.model("sim-model").orElseThrow();

            assertThat(parsed.running()).isEqualTo(load.running()).isEqualTo(2);
            assertThat(parsed.waiting()).isEqualTo(load.waiting()).isEqualTo(1);
            assertThat(parsed.kvCacheUsage()).isEqualTo(load.kvCacheUsage()).isPositive();
            running.forEach(Generation::cancel);
        }
    }
}
