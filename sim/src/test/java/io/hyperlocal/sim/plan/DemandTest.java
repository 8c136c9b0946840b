package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** One country's demand worked out by hand, and the record refusing bad fields by name. */
class DemandTest {
    static final Demand DEMAND = new Demand("PT", 1_200_000, 0.2, 0.4, 9, 400, 200, 3);

    @Test
    void ratesByHand() {
        // active = 1 200 000 × 0.2 × 0.4 = 96 000; requests/day = 96 000 × 9 = 864 000
        // mean = 864 000 / 86 400 = 10 req/s; peak = 10 × 3 = 30 req/s
        // prompt tok/s: mean 10 × 400 = 4 000, peak 12 000; completion: mean 2 000, peak 6 000
        assertThat(DEMAND.activeUsersPerDay()).isCloseTo(96_000, within(1e-6));
        assertThat(DEMAND.requestsPerDay()).isCloseTo(864_000, within(1e-6));
        assertThat(DEMAND.meanRequestsPerSecond()).isCloseTo(10, within(1e-9));
        assertThat(DEMAND.peakRequestsPerSecond()).isCloseTo(30, within(1e-9));
        assertThat(DEMAND.meanPromptTokensPerSecond()).isCloseTo(4_000, within(1e-6));
        assertThat(DEMAND.meanCompletionTokensPerSecond()).isCloseTo(2_000, within(1e-6));
        assertThat(DEMAND.peakPromptTokensPerSecond()).isCloseTo(12_000, within(1e-6));
        assertThat(DEMAND.peakCompletionTokensPerSecond()).isCloseTo(6_000, within(1e-6));
        // tokens/year = 864 000 × 365 × 600 = 189 216 000 000
        assertThat(DEMAND.tokensPerRequest()).isEqualTo(600);
        assertThat(DEMAND.tokensPerYear()).isCloseTo(189_216_000_000d, within(1.0));
    }

    @Test
    void adoptionScalesEveryRate() {
        Demand none = DEMAND.withAdoptionShare(0);
        assertThat(none.requestsPerDay()).isZero();
        assertThat(none.tokensPerYear()).isZero();
        // adoption 0.2 → 1: five times the requests
        assertThat(DEMAND.withAdoptionShare(1).peakRequestsPerSecond()).isCloseTo(150, within(1e-9));
    }

    @Test
    void validationNamesTheField() {
        assertThatThrownBy(() -> new Demand(" ", 1, 0.1, 0.1, 1, 1, 1, 1)).hasMessageContaining("country");
        assertThatThrownBy(() -> new Demand("PT", -1, 0.1, 0.1, 1, 1, 1, 1)).hasMessageContaining("subscribers");
        assertThatThrownBy(() -> new Demand("PT", 1, 1.1, 0.1, 1, 1, 1, 1)).hasMessageContaining("adoptionShare");
        assertThatThrownBy(() -> new Demand("PT", 1, 0.1, -0.1, 1, 1, 1, 1)).hasMessageContaining("dailyActiveShare");
        assertThatThrownBy(() -> new Demand("PT", 1, 0.1, 0.1, Double.NaN, 1, 1, 1))
                .hasMessageContaining("requestsPerActiveUserPerDay");
        assertThatThrownBy(() -> new Demand("PT", 1, 0.1, 0.1, 1, -1, 1, 1)).hasMessageContaining("promptTokensPerRequest");
        assertThatThrownBy(() -> new Demand("PT", 1, 0.1, 0.1, 1, 1, 0, 1)).hasMessageContaining("completionTokensPerRequest");
        assertThatThrownBy(() -> new Demand("PT", 1, 0.1, 0.1, 1, 1, 1, 0.5)).hasMessageContaining("peakToMean");
        assertThatThrownBy(() -> DEMAND.withAdoptionShare(1.5)).hasMessageContaining("adoptionShare");
    }
}
