package io.hyperlocal.server.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.core.EngineHealth;
import io.hyperlocal.core.EngineLoad;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.Prompt;
import io.hyperlocal.core.SamplingParameters;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.simulated.SimulatedEngine;
import io.hyperlocal.engines.simulated.SimulatedEngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health and load of an agent's engine follow its heartbeats, on the gateway's clock. */
class HeartbeatEngineTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Heartbeats heartbeats = new Heartbeats(nanos::get);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void downWithoutAFreshHeartbeatAndBackWhenOneComes() {
        try (HeartbeatEngine engine = engine()) {
            assertThat(engine.health()).isInstanceOf(EngineHealth.Down.class);
            assertThat(((EngineHealth.Down) engine.health()).reason()).contains("no heartbeat from site fr-lyo");

            heartbeats.record("fr-lyo", "http://127.0.0.1:9101", List.of(beat(2, true)));
            assertThat(engine.health()).isEqualTo(EngineHealth.READY);
            assertThat(engine.load()).isEqualTo(new EngineLoad(2, 1, 4, 0.25, 12.5));

            advance(1_500);
            assertThat(engine.health()).isEqualTo(EngineHealth.READY);
            advance(1);
            assertThat(engine.health()).isInstanceOf(EngineHealth.Down.class);
            assertThat(((EngineHealth.Down) engine.health()).reason())
                    .contains("for 1501 ms", "down after 1500 ms", "hyperlocal.federation.down-after");

            heartbeats.record("fr-lyo", "http://127.0.0.1:9101", List.of(beat(0, true)));
            assertThat(engine.health()).isEqualTo(EngineHealth.READY);
            heartbeats.record("fr-lyo", "http://127.0.0.1:9101", List.of(beat(0, false)));
            assertThat(((EngineHealth.Down) engine.health()).reason()).contains("reports engine sim unhealthy");
        }
    }

    /**
     * An agent whose machine hangs or whose network is cut keeps its connections open: its running
     * requests fail when its heartbeats stop, so that the gateway moves them, rather than wait for
     * the remote engine's idle timeout (15 s).
     */
    @Test
    void requestsRunningThereFailWhenTheHeartbeatsStop() throws Exception {
        SimulatedEngine slow = new SimulatedEngine("sim", List.of("m"), SimulatedEngineSettings.DEFAULTS
                .withDelays(Duration.ofMillis(1), Duration.ofMillis(100)));
        try (HeartbeatEngine engine = new HeartbeatEngine("fr-lyo", slow, heartbeats, Duration.ofMillis(1_500), scheduler)) {
            heartbeats.record("fr-lyo", "http://127.0.0.1:9101", List.of(beat(0, true)));
            BlockingQueue<GenerationEvent> events = new LinkedBlockingQueue<>();
            Generation generation = engine.generate(new GenerationRequest("r1", "m", new Prompt.Text("Bonjour"),
                    SamplingParameters.DEFAULTS.withMaxTokens(1_000)), events::add);
            assertThat(events.poll(5, TimeUnit.SECONDS)).isInstanceOf(GenerationEvent.Token.class);
            // Beats are fresh: it runs on, whatever the watchdog checks meanwhile.
            Thread.sleep(400);
            assertThat(events.stream().filter(event -> !(event instanceof GenerationEvent.Token))).isEmpty();

            advance(1_501);
            GenerationEvent end = events.poll(2, TimeUnit.SECONDS);
            while (end instanceof GenerationEvent.Token) {
                end = events.poll(2, TimeUnit.SECONDS);
            }
            assertThat(end).isInstanceOf(GenerationEvent.Failed.class);
            GenerationEvent.Failed failed = (GenerationEvent.Failed) end;
            assertThat(failed.error().code()).isEqualTo(ErrorCode.ENGINE_FAILED);
            assertThat(failed.error().getMessage()).contains("Site fr-lyo", "no heartbeat for 15", "down-after");
            assertThat(failed.usage().completionTokens()).isPositive();
            generation.cancel();
            Thread.sleep(300);
            assertThat(events).as("nothing after the failure").isEmpty();
        }
    }

    @Test
    void onlyANewSiteOrAChangedShapeAsksForARegistration() {
        assertThat(heartbeats.record("fr-lyo", "http://a", List.of(beat(0, true)))).isTrue();
        assertThat(heartbeats.record("fr-lyo", "http://a", List.of(beat(3, true)))).isFalse();
        assertThat(heartbeats.record("fr-lyo", "http://b", List.of(beat(3, true)))).isTrue();
        assertThat(heartbeats.record("fr-lyo", "http://b", List.of(new Heartbeats.EngineBeat("sim", List.of("m"), 8,
                new EngineLoad(0, 0, 8, 0, 0), true)))).isTrue();
        heartbeats.forget("fr-lyo");
        assertThat(heartbeats.last("fr-lyo").isPresent()).isFalse();
    }

    private HeartbeatEngine engine() {
        return new HeartbeatEngine("fr-lyo", new SimulatedEngine("sim", List.of("m"), SimulatedEngineSettings.DEFAULTS),
                heartbeats, Duration.ofMillis(1_500), scheduler);
    }

    private static Heartbeats.EngineBeat beat(int running, boolean healthy) {
        return new Heartbeats.EngineBeat("sim", List.of("m"), 4, new EngineLoad(running, 1, 4, 0.25, 12.5), healthy);
    }

    private void advance(long millis) {
        nanos.addAndGet(Duration.ofMillis(millis).toNanos());
    }
}
