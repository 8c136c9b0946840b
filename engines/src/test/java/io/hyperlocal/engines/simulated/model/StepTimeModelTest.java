package io.hyperlocal.engines.simulated.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StepTimeModelTest {

    @Test
    void addsTheBaseAndTheTokenTerms() {
        StepTimeModel model = StepTimeModel.LLAMA_3_1_8B_H100;

        // 5752.7 µs + 1000 × 17.25 µs + 4 × 6.00 µs
        assertThat(model.meanNanos(1000, 4)).isEqualTo(5_752_700 + 17_250_000 + 24_000);
        assertThat(model.meanNanos(0, 1)).isEqualTo(5_758_700);
        assertThat(model.meanNanos(0, 0)).isEqualTo(5_752_700);
    }

    @Test
    void presetsCarryThePublishedCoefficientsAndAreFoundByName() {
        assertThat(StepTimeModel.LLAMA_3_3_70B_H100_TP4.stepBase()).isEqualTo(Duration.ofNanos(12_601_300));
        assertThat(StepTimeModel.LLAMA_3_3_70B_H100_TP4.perPrefillToken()).isEqualTo(Duration.ofNanos(76_420));
        assertThat(StepTimeModel.LLAMA_3_3_70B_H100_TP4.perDecodeToken()).isEqualTo(Duration.ofNanos(66_840));
        assertThat(StepTimeModel.preset("llama-3.1-8b-h100")).contains(StepTimeModel.LLAMA_3_1_8B_H100);
        assertThat(StepTimeModel.preset("llama-3.2-1b-q4-cpu")).contains(StepTimeModel.SMALL_MODEL_CPU);
        assertThat(StepTimeModel.preset("gpt-5-on-a-toaster")).isEmpty();
        assertThat(StepTimeModel.PRESETS).extracting(StepTimeModel::name).doesNotHaveDuplicates();
        // A bigger model on the same GPUs decodes slower; an H100 beats an A100.
        assertThat(StepTimeModel.LLAMA_3_3_70B_H100_TP4.meanNanos(0, 1))
                .isGreaterThan(StepTimeModel.LLAMA_3_1_8B_H100.meanNanos(0, 1));
        assertThat(StepTimeModel.LLAMA_3_1_8B_A100.meanNanos(512, 8))
                .isGreaterThan(StepTimeModel.LLAMA_3_1_8B_H100.meanNanos(512, 8));
    }

    @Test
    void fixedDelaysMakeAPrefillStepLastTheTimeToFirstToken() {
        StepTimeModel model = StepTimeModel.fixedDelays(Duration.ofMillis(50), Duration.ofMillis(20));

        assertThat(model.meanNanos(300, 7)).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(model.meanNanos(0, 7)).isEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(StepTimeModel.fixedDelays(Duration.ofMillis(5), Duration.ofMillis(20)).meanNanos(1, 0))
                .isEqualTo(Duration.ofMillis(20).toNanos());
        assertThatThrownBy(() -> StepTimeModel.fixedDelays(Duration.ofMillis(-1), Duration.ZERO))
                .hasMessage("timeToFirstToken must not be negative: PT-0.001S");
    }

    @Test
    void slowdownMultipliesEveryStep() {
        StepTimeModel slow = StepTimeModel.LLAMA_3_1_8B_H100.withSlowdown(3);

        assertThat(slow.meanNanos(100, 10)).isEqualTo(3 * StepTimeModel.LLAMA_3_1_8B_H100.meanNanos(100, 10));
        assertThat(slow.sampleNanos(100, 10, new SplittableRandom(1))).isEqualTo(slow.meanNanos(100, 10));
    }

    @Test
    void jitterKeepsTheMeanAndRepeatsForASeed() {
        StepTimeModel jittery = StepTimeModel.LLAMA_3_1_8B_H100.withJitter(0.2);
        long mean = jittery.meanNanos(64, 32);
        SplittableRandom random = new SplittableRandom(7);

        double average = IntStream.range(0, 20_000).mapToLong(i -> jittery.sampleNanos(64, 32, random))
                .average().orElseThrow();

        assertThat(average / mean).isCloseTo(1.0, within(0.01));
        assertThat(jittery.sampleNanos(64, 32, new SplittableRandom(3)))
                .isEqualTo(jittery.sampleNanos(64, 32, new SplittableRandom(3)))
                .isNotEqualTo(mean);
    }

    @Test
    void refusesBadValuesNamingTheField() {
        assertThatThrownBy(() -> StepTimeModel.INSTANT.withJitter(1.5)).hasMessage("jitter must be in [0, 1]: 1.5");
        assertThatThrownBy(() -> StepTimeModel.INSTANT.withSlowdown(0))
                .hasMessage("slowdown must be in (0, 1000.0]: 0.0");
        assertThatThrownBy(() -> StepTimeModel.INSTANT.meanNanos(-1, 0))
                .hasMessage("prefillTokens and decodeTokens must not be negative: -1, 0");
    }
}
