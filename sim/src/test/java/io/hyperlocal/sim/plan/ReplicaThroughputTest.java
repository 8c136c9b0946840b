package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hyperlocal.engines.simulated.model.StepTimeModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplicaThroughputTest {
    static final GpuHardware H100 = new GpuHardware("H100", 80, 1000, 30_000, 4);
    static final Slo SLO = new Slo(Duration.ofSeconds(1), Duration.ofMillis(40), 0.99);

    static ModelSpec model(double billions, Quantisation q, StepTimeModel preset, int tp, long kvBytes) {
        return new ModelSpec("m", billions, q, 1, "H100", preset, tp, kvBytes, q.stepTimeFactor());
    }

    @Test
    void llama8bOnH100AtBf16() {
        var t = ReplicaThroughput.derive(model(8, Quantisation.BF16, StepTimeModel.LLAMA_3_1_8B_H100, 1, 131_072), H100, SLO, 750);
        // KV: 80e9 × 0.9 − 8e9 × 2 = 56e9 bytes / 131 072 = 427 246.09 → 427 246 → whole blocks of 16: 427 232
        assertThat(t.kvTokens()).isEqualTo(427_232);
        assertThat(t.kvBlocks()).isEqualTo(26_702);
        // batch cap min(256, 427 232 / 750 = 569) = 256; step(0, 256) = 5 752 700 + 256 × 6 000 = 7 288 700 ns ≤ 40 ms
        assertThat(t.batch()).isEqualTo(256);
        assertThat(t.decodeStepNanos()).isEqualTo(7_288_700);
        assertThat(t.decodeTokensPerSecond()).isCloseTo(256e9 / 7_288_700, within(1e-6)); // 35 122.9
        // budget: 5 752 700 + 17 250 X ≤ 40 000 000 → X ≤ 1 985.35 → 1 985; step = 39 993 950 ns
        assertThat(t.tokenBudget()).isEqualTo(1_985);
        assertThat(t.prefillStepNanos()).isEqualTo(39_993_950);
        assertThat(t.prefillTokensPerSecond()).isCloseTo(1_985e9 / 39_993_950, within(1e-6)); // 49 632.5
        // a request of 500 + 250 tokens: 500 / 49 632.5 + 250 / 35 122.9 = 0.0171918 replica-seconds
        assertThat(t.secondsPerRequest(500, 250)).isCloseTo(500 / (1_985e9 / 39_993_950) + 250 / (256e9 / 7_288_700), within(1e-12));
    }

    @Test
    void llama70bTp4AtBf16() {
        var t = ReplicaThroughput.derive(model(70, Quantisation.BF16, StepTimeModel.LLAMA_3_3_70B_H100_TP4, 4, 327_680), H100, SLO, 750);
        // KV: 4 × 80e9 × 0.9 − 140e9 = 148e9 / 327 680 = 451 660.2 → 451 648 (whole blocks)
        assertThat(t.kvTokens()).isEqualTo(451_648);
        // 12 601 300 + 66 840 B ≤ 40e6 → B ≤ 409 → capped at 256; step = 12 601 300 + 17 111 040 = 29 712 340
        assertThat(t.batch()).isEqualTo(256);
        assertThat(t.decodeStepNanos()).isEqualTo(29_712_340);
        // 12 601 300 + 76 420 X ≤ 40e6 → X ≤ 358.5 → 358; step = 39 959 660
        assertThat(t.tokenBudget()).isEqualTo(358);
        assertThat(t.prefillTokensPerSecond()).isCloseTo(358e9 / 39_959_660, within(1e-6));
    }

    @Test
    void interTokenSloLimitsTheBatch() {
        Slo tight = new Slo(Duration.ofSeconds(1), Duration.ofMillis(20), 0.99);
        var t = ReplicaThroughput.derive(model(70, Quantisation.BF16, StepTimeModel.LLAMA_3_3_70B_H100_TP4, 4, 327_680), H100, tight, 750);
        // 12 601 300 + 66 840 B ≤ 20e6 → B ≤ 110.7 → 110
        assertThat(t.batch()).isEqualTo(110);
        assertThat(t.decodeStepNanos()).isEqualTo(12_601_300 + 110 * 66_840);
        // at 10 ms not even one sequence fits: 12 601 300 + 66 840 = 12 668 140 ns
        Slo impossible = new Slo(Duration.ofSeconds(1), Duration.ofMillis(10), 0.99);
        assertThatThrownBy(() -> ReplicaThroughput.derive(
                model(70, Quantisation.BF16, StepTimeModel.LLAMA_3_3_70B_H100_TP4, 4, 327_680), H100, impossible, 750))
                .hasMessageContaining("one-sequence decode step takes 12.67 ms, over the inter-token SLO of 10.00 ms");
    }

    @Test
    void kvCacheLimitsTheBatch() {
        // 8B on H100 with 8 000-token requests: 427 232 / 8 000 = 53.4 → batch 53
        var t = ReplicaThroughput.derive(model(8, Quantisation.BF16, StepTimeModel.LLAMA_3_1_8B_H100, 1, 131_072), H100, SLO, 8_000);
        assertThat(t.batch()).isEqualTo(53);
    }

    @Test
    void fp8HalvesWeightsAndScalesStepTime() {
        var t = ReplicaThroughput.derive(model(8, Quantisation.FP8, StepTimeModel.LLAMA_3_1_8B_H100, 1, 131_072), H100, SLO, 750);
        // KV: 72e9 − 8e9 = 64e9 / 131 072 = 488 281.25 → 488 272 (whole blocks)
        assertThat(t.kvTokens()).isEqualTo(488_272);
        // step × 0.70: (5 752 700 + 256 × 6 000) × 0.7 = 5 102 090 ns
        assertThat(t.decodeStepNanos()).isEqualTo(5_102_090);
        assertThat(t.decodeTokensPerSecond()).isCloseTo(256e9 / 5_102_090, within(1e-6));
    }

    @Test
    void cacheTooSmallForOneRequest() {
        assertThatThrownBy(() -> ReplicaThroughput.derive(model(8, Quantisation.BF16, StepTimeModel.LLAMA_3_1_8B_H100, 1, 131_072),
                H100, SLO, 500_000)).hasMessageContaining("the KV cache holds 427,232 tokens, less than one request of 500000");
    }
}
