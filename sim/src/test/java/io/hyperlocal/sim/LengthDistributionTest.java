package io.hyperlocal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class LengthDistributionTest {

    private static final int SAMPLES = 200_000;

    @Test
    void medianAndP90MatchThoseAsked() {
        LengthDistribution lengths = LengthDistribution.ofMedianAndP90(300, 1_500, 1_000_000);
        long[] sorted = sortedSamples(lengths, 3);

        assertThat((double) quantile(sorted, 0.5)).isCloseTo(300, within(300 * 0.02));
        assertThat((double) quantile(sorted, 0.9)).isCloseTo(1_500, within(1_500 * 0.03));
    }

    @Test
    void meanAndStandardDeviationMatchThoseAsked() {
        LengthDistribution lengths = LengthDistribution.ofMeanAndStandardDeviation(800, 600, 10_000_000);
        long[] sorted = sortedSamples(lengths, 5);
        double mean = Arrays.stream(sorted).average().orElseThrow();
        double variance = Arrays.stream(sorted).mapToDouble(value -> (value - mean) * (value - mean)).sum() / sorted.length;

        assertThat(mean).isCloseTo(800, within(800 * 0.01));
        assertThat(Math.sqrt(variance)).isCloseTo(600, within(600 * 0.04));
    }

    @Test
    void samplesAreClippedToTheMaximumWithTheTailMassPiledAtIt() {
        // With median 300 and p90 1,500, P(X >= 1,500) is 0.1 before clipping.
        LengthDistribution lengths = LengthDistribution.ofMedianAndP90(300, 1_500, 1_500);
        long[] sorted = sortedSamples(lengths, 9);

        assertThat(sorted[0]).isGreaterThanOrEqualTo(1);
        assertThat(sorted[sorted.length - 1]).isEqualTo(1_500);
        long atMax = Arrays.stream(sorted).filter(value -> value == 1_500).count();
        assertThat(atMax / (double) SAMPLES).isCloseTo(0.1, within(0.005));
    }

    @Test
    void parametersAreValidatedWithTheFieldNamed() {
        assertThatThrownBy(() -> LengthDistribution.ofMedianAndP90(300, 200, 1_000)).hasMessageContaining("p90");
        assertThatThrownBy(() -> LengthDistribution.ofMedianAndP90(0, 200, 1_000)).hasMessageContaining("median");
        assertThatThrownBy(() -> LengthDistribution.ofMedianAndP90(100, 200, 0)).hasMessageContaining("max");
    }

    private static long[] sortedSamples(LengthDistribution lengths, long seed) {
        RandomGenerator random = Simulation.randomFor(seed);
        long[] samples = new long[SAMPLES];
        for (int index = 0; index < SAMPLES; index++) {
            samples[index] = lengths.sample(random);
        }
        Arrays.sort(samples);
        return samples;
    }

    private static long quantile(long[] sorted, double probability) {
        return sorted[(int) Math.floor(probability * (sorted.length - 1))];
    }
}
