package io.hyperlocal.engines.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LlamaCppSettingsTest {

    @Test
    void defaultsToTwoSlotsOf2048TokensOnHalfTheCores() {
        LlamaCppSettings defaults = LlamaCppSettings.defaults();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

        assertThat(defaults).isEqualTo(new LlamaCppSettings(2, 2048, threads, threads, 16));
        assertThat(LlamaCppSettings.defaultThreads(1)).isEqualTo(1);
        assertThat(LlamaCppSettings.defaultThreads(16)).isEqualTo(8);
    }

    @Test
    void keepsExplicitValues() {
        LlamaCppSettings settings = LlamaCppSettings.defaults().withSlots(4).withContextPerSlot(512)
                .withThreads(3, 6).withWaitingLimit(0);

        assertThat(settings).isEqualTo(new LlamaCppSettings(4, 512, 3, 6, 0));
    }

    @Test
    void refusesValuesOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> new LlamaCppSettings(0, 2048, 1, 1, 1)).hasMessage("slots must be in [1, 256]: 0");
        assertThatThrownBy(() -> new LlamaCppSettings(1, 8, 1, 1, 1))
                .hasMessage("contextPerSlot must be in [16, 1048576]: 8");
        assertThatThrownBy(() -> new LlamaCppSettings(1, 2048, 0, 1, 1)).hasMessage("threads must be at least 1: 0");
        assertThatThrownBy(() -> new LlamaCppSettings(1, 2048, 1, 0, 1))
                .hasMessage("batchThreads must be at least 1: 0");
        assertThatThrownBy(() -> new LlamaCppSettings(1, 2048, 1, 1, -1))
                .hasMessage("waitingLimit must not be negative: -1");
    }
}
