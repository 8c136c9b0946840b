package io.hyperlocal.engines.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteEngineSettingsTest {
    static final URI VLLM = URI.create("http://gpu-7.fr-par.internal:8000/v1/");

    @Test
    void defaultsDiscoverModelsAndReadMetricsAtTheOrigin() {
        RemoteEngineSettings settings = RemoteEngineSettings.defaults(VLLM);

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://gpu-7.fr-par.internal:8000/v1"));
        assertThat(settings.endpoint("/chat/completions"))
                .isEqualTo(URI.create("http://gpu-7.fr-par.internal:8000/v1/chat/completions"));
        assertThat(settings.metricsEndpoint()).contains(URI.create("http://gpu-7.fr-par.internal:8000/metrics"));
        assertThat(settings.bearerToken()).isEmpty();
        assertThat(settings.discoversModels()).isTrue();
        assertThat(settings.contextLength()).isEqualTo(RemoteEngineSettings.DEFAULT_CONTEXT_LENGTH);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.firstTokenTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.slots()).isEqualTo(64);
        assertThat(settings.waitingLimit()).isEqualTo(256);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.failuresBeforeDown()).isEqualTo(3);
    }

    @Test
    void takesExplicitValues() {
        RemoteEngineSettings settings = RemoteEngineSettings.defaults(VLLM)
                .withApiKey("sk-1")
                .withModels(List.of("llama", "qwen"), 32768)
                .withTimeouts(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withSlots(8, 0)
                .withMetricsUrl(RemoteEngineSettings.NO_METRICS)
                .withPolling(Duration.ofSeconds(1), 5);

        assertThat(settings.bearerToken()).contains("sk-1");
        assertThat(settings.models()).containsExactly("llama", "qwen");
        assertThat(settings.discoversModels()).isFalse();
        assertThat(settings.contextLength()).isEqualTo(32768);
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.slots()).isEqualTo(8);
        assertThat(settings.waitingLimit()).isZero();
        assertThat(settings.metricsEndpoint()).isEmpty();
        assertThat(settings.failuresBeforeDown()).isEqualTo(5);
    }

    @Test
    void rejectsBadValuesNamingTheField() {
        RemoteEngineSettings settings = RemoteEngineSettings.defaults(VLLM);

        assertThatThrownBy(() -> RemoteEngineSettings.defaults(URI.create("ftp://host/v1")))
                .hasMessage("baseUrl must be an absolute http or https URL: ftp://host/v1");
        assertThatThrownBy(() -> RemoteEngineSettings.defaults(URI.create("/v1")))
                .hasMessageStartingWith("baseUrl must be an absolute");
        assertThatThrownBy(() -> settings.withMetricsUrl(URI.create("http://host/metrics?x=1")))
                .hasMessageStartingWith("metricsUrl must have no query");
        assertThatThrownBy(() -> settings.withSlots(0, 1)).hasMessage("slots must be in [1, 4096]: 0");
        assertThatThrownBy(() -> settings.withSlots(1, -1)).hasMessage("waitingLimit must not be negative: -1");
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessage("connectTimeout must be positive: PT0S");
        assertThatThrownBy(() -> settings.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .hasMessage("firstTokenTimeout must be positive: PT-1S");
        assertThatThrownBy(() -> settings.withPolling(Duration.ofSeconds(1), 0))
                .hasMessage("failuresBeforeDown must be at least 1: 0");
        assertThatThrownBy(() -> settings.withModels(List.of("a", "a"), 10))
                .hasMessage("models must not hold an id twice: [a, a]");
        assertThatThrownBy(() -> settings.withModels(List.of(" "), 10))
                .hasMessage("models must not hold a blank id: [ ]");
        assertThatThrownBy(() -> settings.withModels(List.of("a"), 0)).hasMessage("contextLength must be at least 1: 0");
        assertThatThrownBy(() -> settings.withApiKey(null)).hasMessage("apiKey is null");
    }
}
