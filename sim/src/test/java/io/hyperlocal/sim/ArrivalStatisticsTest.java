package io.hyperlocal.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Statistics of the arrival processes against their theory. Seeds are fixed, so these are
 * deterministic; tolerances are about four standard errors, tight enough that a wrong rate, a unit
 * slip or a biased thinning step fails them.
 */
class ArrivalStatisticsTest {

    @Test
    void poissonCountAndInterArrivalMomentsMatchTheRate() {
        double rate = 50.0;
        long window = SimTime.seconds(2_000);
        RandomGenerator random = Simulation.randomFor(42);
        PoissonArrivals process = new PoissonArrivals(rate);

        long count = 0;
        double sum = 0;
        double sumOfSquares = 0;
        long time = 0;
        while (true) {
            long next = process.nextArrivalAfter(time, random);
            if (next >= window) {
                break;
            }
            double gap = SimTime.toSeconds(next - time);
            sum += gap;
            sumOfSquares += gap * gap;
            count++;
            time = next;
        }

        double expected = rate * SimTime.toSeconds(window); // 100,000; standard deviation about 316
        assertThat((double) count).isCloseTo(expected, within(4 * Math.sqrt(expected)));
        double mean = sum / count;
        double variance = sumOfSquares / count - mean * mean;
        assertThat(mean).isCloseTo(1 / rate, within(0.015 / rate));
        assertThat(variance).isCloseTo(1 / (rate * rate), within(0.04 / (rate * rate)));
    }

    @Test
    void diurnalThinningGivesHourlyCountsProportionalToTheProfile() {
        double[] factors = new double[24];
        for (int hour = 0; hour < 24; hour++) {
            // A night trough, a zero hour and an evening peak of 2.5x the mean.
            factors[hour] = hour < 6 ? 0.2 : hour < 18 ? 1.0 : 2.5;
        }
        factors[3] = 0.0;
        DiurnalProfile profile = new DiurnalProfile(4.0, factors);
        int days = 3;
        long[] counts = hourlyCounts(ThinnedArrivals.diurnal(profile), days, 7);

        assertThat(counts[3]).isZero();
        for (int hour = 0; hour < 24; hour++) {
            double expected = profile.meanPerSecond() * factors[hour] * 3_600 * days;
            assertThat((double) counts[hour])
                    .as("arrivals in hour %d", hour)
                    .isCloseTo(expected, within(4 * Math.sqrt(expected) + 1e-9));
        }
    }

    @Test
    void aBurstMultipliesTheRateInsideItsWindowOnly() {
        Burst burst = new Burst(SimTime.seconds(1_000), SimTime.seconds(1_500), 5.0);
        ThinnedArrivals process = ThinnedArrivals.diurnal(DiurnalProfile.flat(20.0), burst);
        RandomGenerator random = Simulation.randomFor(11);

        long inside = 0;
        long outside = 0;
        long end = SimTime.seconds(3_000);
        for (long time = process.nextArrivalAfter(0, random); time < end; time = process.nextArrivalAfter(time, random)) {
            if (burst.covers(time)) {
                inside++;
            } else {
                outside++;
            }
        }

        double expectedInside = 20.0 * 5.0 * 500;   // 50,000
        double expectedOutside = 20.0 * 2_500;      // 50,000
        assertThat((double) inside).isCloseTo(expectedInside, within(4 * Math.sqrt(expectedInside)));
        assertThat((double) outside).isCloseTo(expectedOutside, within(4 * Math.sqrt(expectedOutside)));
    }

    @Test
    void aZeroRateNeverArrives() {
        ThinnedArrivals process = ThinnedArrivals.diurnal(DiurnalProfile.flat(0.0));
        assertThat(process.nextArrivalAfter(0, Simulation.randomFor(1))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void thinningRefusesARateAboveItsDeclaredBound() {
        RateFunction lying = new RateFunction() {
            @Override
            public double rateAt(long time) {
                return 10.0;
            }

            @Override
            public double maxRate() {
                return 1.0;
            }
        };
        assertThatThrownBy(() -> new ThinnedArrivals(lying).nextArrivalAfter(0, Simulation.randomFor(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exceeds its declared maxRate");
    }

    @Test
    void parametersAreValidatedWithTheFieldNamed() {
        assertThatThrownBy(() -> new PoissonArrivals(0)).hasMessageContaining("ratePerSecond");
        assertThatThrownBy(() -> new DiurnalProfile(1.0, new double[23])).hasMessageContaining("24 hourly values");
        double[] negative = new double[24];
        negative[5] = -1;
        assertThatThrownBy(() -> new DiurnalProfile(1.0, negative)).hasMessageContaining("factors[5]");
        assertThatThrownBy(() -> new Burst(10, 10, 2.0)).hasMessageContaining("end must be after start");
    }

    @Test
    void theProfileKeepsItsOwnCopyOfTheFactors() {
        double[] factors = new double[24];
        Arrays.fill(factors, 1.0);
        DiurnalProfile profile = new DiurnalProfile(1.0, factors);
        factors[0] = 9.0;
        profile.factors()[1] = 9.0;
        assertThat(profile.factor(0)).isEqualTo(1.0);
        assertThat(profile.factor(1)).isEqualTo(1.0);
    }

    private static long[] hourlyCounts(ArrivalProcess process, int days, long seed) {
        RandomGenerator random = Simulation.randomFor(seed);
        long[] counts = new long[24];
        long end = days * SimTime.DAY;
        for (long time = process.nextArrivalAfter(0, random); time < end; time = process.nextArrivalAfter(time, random)) {
            counts[SimTime.hourOfDay(time)]++;
        }
        return counts;
    }
}
