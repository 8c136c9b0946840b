package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CapacityPlannerTest {

    static final Demand DEMAND = new Demand("PT", 1_200_000, 0.2, 0.4, 9, 400, 200, 3);
    static final GpuType GPU = new GpuType("H100", 1_500, 8_000, 700, 30_000, 4);
    static final SiteCosts SITE = new SiteCosts(1.25, 0.20, 6_000, 0.7, 2);
    static final double CENT = 0.005;

    @Test
    void demandRates() {
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
        assertThat(DEMAND.tokensPerYear()).isCloseTo(189_216_000_000d, within(1.0));
    }

    @Test
    void handComputedPlan() {
        Plan p = CapacityPlanner.plan(DEMAND, GPU, SITE, 2.00);
        // peak load = 12 000 / 8 000 + 6 000 / 1 500 = 1.5 + 4.0 = 5.5 GPU
        // 5.5 / 0.7 = 7.857… → ⌈⌉ = 8 ≥ minimum 2 → 8 GPUs
        assertThat(p.peakGpuLoad()).isCloseTo(5.5, within(1e-9));
        assertThat(p.gpus()).isEqualTo(8);
        // capex = 8 × 30 000 = 240 000.00; annualised = 240 000 / 4 = 60 000.00
        assertThat(p.capex()).isCloseTo(240_000.00, within(CENT));
        assertThat(p.annualisedCapex()).isCloseTo(60_000.00, within(CENT));
        // energy = 8 × 700 W × 1.25 × 8 760 h / 1 000 = 61 320 kWh × 0.20 = 12 264.00
        assertThat(p.energyKwhPerYear()).isCloseTo(61_320, within(1e-6));
        assertThat(p.energyCostPerYear()).isCloseTo(12_264.00, within(CENT));
        // opex = 12 264 + 6 000 = 18 264.00; annual = 60 000 + 18 264 = 78 264.00
        assertThat(p.opexPerYear()).isCloseTo(18_264.00, within(CENT));
        assertThat(p.annualCost()).isCloseTo(78_264.00, within(CENT));
        // cost per M = 78 264 / 189 216 = 0.41362…  → 0.41
        assertThat(p.costPerMillionTokens()).isCloseTo(0.41, within(CENT));
        assertThat(p.costPerMillionTokens()).isCloseTo(78_264d / 189_216d, within(1e-12));
        // break-even tokens = 78 264 / 2.00 × 10^6 = 39 132 000 000 per year
        assertThat(p.breakEvenTokensPerYear()).isCloseTo(39_132_000_000d, within(1.0));
        // tokens at adoption 1 = 189 216 M / 0.2 = 946 080 M; share = 39 132 / 946 080 = 0.04136…
        assertThat(p.breakEvenAdoptionShare()).isCloseTo(39_132d / 946_080d, within(1e-12));
        assertThat(p.cheaperThanApi()).isTrue();
        // fleet tok/s at 100 % = 8 × 600 / (400/8 000 + 200/1 500) = 8 × 600 / 0.18333… = 26 181.81…
        assertThat(p.fleetTokensPerSecondAtFullUtilisation()).isCloseTo(8 * 600 / (0.05 + 200.0 / 1_500), within(1e-6));
    }

    @Test
    void minimumFleetAppliesToSmallDemand() {
        // 1 000 subscribers → ~0 load → ⌈⌉ = 1, raised to the minimum of 2
        // annual = 2 × 30 000 / 4 + 2 × 0.7 kW × 1.25 × 8 760 × 0.20 + 6 000 = 15 000 + 3 066 + 6 000 = 24 066.00
        Plan p = CapacityPlanner.plan(new Demand("PT", 1_000, 0.2, 0.4, 9, 400, 200, 3), GPU, SITE, 2.00);
        assertThat(p.gpus()).isEqualTo(2);
        assertThat(p.annualCost()).isCloseTo(24_066.00, within(CENT));
    }

    @Test
    void zeroDemandHasMinimumFleetAndInfiniteCostPerToken() {
        Plan p = CapacityPlanner.plan(DEMAND.withAdoptionShare(0), GPU, SITE, 2.00);
        assertThat(p.gpus()).isEqualTo(2);
        assertThat(p.tokensPerYear()).isZero();
        assertThat(p.costPerMillionTokens()).isInfinite();
        // break-even share still defined: demand at adoption 1 is unchanged
        assertThat(p.breakEvenAdoptionShare()).isCloseTo(24_066d / 2 / 946_080d, within(1e-12));
    }

    @Test
    void freeApiNeverBreaksEven() {
        Plan p = CapacityPlanner.plan(DEMAND, GPU, SITE, 0);
        assertThat(p.breakEvenTokensPerYear()).isInfinite();
        assertThat(p.cheaperThanApi()).isFalse();
    }

    @Test
    void exactQuotientIsNotRoundedUp() {
        // peak load 5.5 at utilisation 0.55 → exactly 10 GPUs, not 11
        Plan p = CapacityPlanner.plan(DEMAND, GPU, new SiteCosts(1.25, 0.20, 6_000, 0.55, 2), 2.00);
        assertThat(p.gpus()).isEqualTo(10);
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
        assertThatThrownBy(() -> new GpuType("", 1, 1, 1, 1, 1)).hasMessageContaining("name");
        assertThatThrownBy(() -> new GpuType("g", 0, 1, 1, 1, 1)).hasMessageContaining("decodeTokensPerSecond");
        assertThatThrownBy(() -> new GpuType("g", 1, 0, 1, 1, 1)).hasMessageContaining("prefillTokensPerSecond");
        assertThatThrownBy(() -> new GpuType("g", 1, 1, 0, 1, 1)).hasMessageContaining("powerWatts");
        assertThatThrownBy(() -> new GpuType("g", 1, 1, 1, -1, 1)).hasMessageContaining("pricePerGpu");
        assertThatThrownBy(() -> new GpuType("g", 1, 1, 1, 1, 0)).hasMessageContaining("amortisationYears");
        assertThatThrownBy(() -> new SiteCosts(0.9, 0.2, 0, 0.7, 1)).hasMessageContaining("pue");
        assertThatThrownBy(() -> new SiteCosts(1.2, -0.2, 0, 0.7, 1)).hasMessageContaining("energyPricePerKwh");
        assertThatThrownBy(() -> new SiteCosts(1.2, 0.2, -1, 0.7, 1)).hasMessageContaining("networkCostPerYear");
        assertThatThrownBy(() -> new SiteCosts(1.2, 0.2, 0, 0, 1)).hasMessageContaining("targetUtilisation");
        assertThatThrownBy(() -> new SiteCosts(1.2, 0.2, 0, 1.5, 1)).hasMessageContaining("targetUtilisation");
        assertThatThrownBy(() -> new SiteCosts(1.2, 0.2, 0, 0.7, 0)).hasMessageContaining("minimumGpus");
        assertThatThrownBy(() -> CapacityPlanner.plan(DEMAND, GPU, SITE, -1)).hasMessageContaining("apiPricePerMillionTokens");
        assertThatThrownBy(() -> CapacityPlanner.plan(DEMAND, GPU, SITE, 1).costPerMillionTokensAtUtilisation(0))
                .hasMessageContaining("utilisation");
    }
}
