package io.hyperlocal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutingConfigTest {

    @Test
    void defaults() {
        RoutingConfig config = RoutingConfig.DEFAULTS;

        assertThat(config.weights()).isEqualTo(new RoutingWeights(1, 4, 3, 3));
        assertThat(config.picker()).isEqualTo(Picker.HIGHEST_SCORE);
        assertThat(config.staleAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.queuePerSlot()).isEqualTo(2.0);
        assertThat(config.proximityZeroKm()).isEqualTo(3000);
        assertThat(config.proximityZeroRtt()).isEqualTo(Duration.ofMillis(60));
        assertThat(config.rtt()).isEqualTo(RttMatrix.EMPTY);
        assertThat(config.loadGuardMargin()).isEqualTo(0.5);
        assertThat(config.prefixBlockChars()).isEqualTo(64);
        assertThat(config.maxPrefixBlocks()).isEqualTo(256);
        assertThat(config.prefixBlocksPerEngine()).isEqualTo(31_250);
        assertThat(config.sessionCapacity()).isEqualTo(100_000);
        assertThat(config.queueLimit(8)).isEqualTo(16);
        assertThat(config.queueLimit(1)).isEqualTo(2);
    }

    @Test
    void explicitValues() {
        RoutingConfig config = RoutingConfig.DEFAULTS.withWeights(new RoutingWeights(0, 1, 0, 0))
                .withPicker(Picker.WEIGHTED_RANDOM).withStaleAfter(Duration.ofMillis(200)).withLoadGuardMargin(0.3)
                .withPrefixBlocksPerEngine(10);

        assertThat(config.weights().sum()).isEqualTo(1);
        assertThat(config.picker()).isEqualTo(Picker.WEIGHTED_RANDOM);
        assertThat(config.staleAfter()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.loadGuardMargin()).isEqualTo(0.3);
        assertThat(config.prefixBlocksPerEngine()).isEqualTo(10);
    }

    @Test
    void badValuesFailFastNamingTheField() {
        assertThatThrownBy(() -> new RoutingWeights(1, -1, 0, 0)).hasMessage("weight load must be in [0, 1000]: -1.0");
        assertThatThrownBy(() -> new RoutingWeights(0, 0, 0, 0)).hasMessageContaining("at least one weight must be positive");
        assertThatThrownBy(() -> new RoutingWeights(Double.NaN, 1, 0, 0)).hasMessageContaining("weight proximity");
        assertThatThrownBy(() -> RoutingConfig.DEFAULTS.withStaleAfter(Duration.ZERO))
                .hasMessage("staleAfter must be positive: PT0S");
        assertThatThrownBy(() -> RoutingConfig.DEFAULTS.withLoadGuardMargin(1.5))
                .hasMessage("loadGuardMargin must be in (0, 1]: 1.5");
        assertThatThrownBy(() -> RoutingConfig.DEFAULTS.withPrefixBlocksPerEngine(0))
                .hasMessage("prefixBlocksPerEngine must be at least 1: 0");
        assertThatThrownBy(() -> new RttMatrix(java.util.Map.of("pop", java.util.Map.of("fr-par", Duration.ofMillis(-1)))))
                .hasMessageContaining("rtt from pop to fr-par is negative");
    }
}
