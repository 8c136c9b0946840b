package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TestingPlans.SMALL worked out by hand.
 *
 * <p>Demand. AA: 1 000 000 × 0.5 × 0.4 = 200 000 active × 10.8 = 2 160 000 requests/day = 25 req/s,
 * peak × 2 = 50; BB: 432 000 × 0.25 × 1.0 = 108 000 × 8 = 864 000/day = 10 req/s, peak × 3 = 30.
 *
 * <p>Throughput (ReplicaThroughputTest): small (8B, H100) decode 256e9 / 7 288 700 = 35 122.9 tok/s,
 * prefill 1 985e9 / 39 993 950 = 49 632.5 tok/s; big (70B TP4) decode 256e9 / 29 712 340 = 8 616.0,
 * prefill 358e9 / 39 959 660 = 8 959.0. Replica-seconds per request: small 500+250 → 0.0171918,
 * 300+200 → 0.0117387; big 500+250 → 0.0848247, 300+200 → 0.0566979.
 *
 * <p>Pools (peak req/s = country peak × site share × model share; load = req/s × seconds per request;
 * replicas = max(⌈min GPUs / TP⌉, ⌈load / target⌉)):
 * <pre>
 * a/small 50×0.75×0.8 = 30  load 0.51575 /0.5 = 1.03 → 2      a/big 7.5 load 0.63619 /0.5 = 1.27 → 2 (8 GPUs)
 * b/small 10               load 0.17192 /0.8 = 0.21 → 1, min 2   b/big 2.5 load 0.21206 /0.8 → 1 (4 GPUs)
 * c/small 30×0.8 = 24      load 0.28173 /0.7 = 0.40 → 1         c/big 6   load 0.34019 /0.7 → 1 (4 GPUs)
 * </pre>
 * Costs (30 000 per GPU over 4 years, 1 000 W): a: 10 GPUs, capex 300 000, 75 000/yr, energy 10 × 1 kW ×
 * 1.2 × 8 760 h = 105 120 kWh × 0.10 = 10 512.00, network 10 000 → 95 512.00; b: 6 GPUs, 45 000 + 6 × 1.5
 * × 8 760 = 78 840 kWh × 0.10 = 7 884.00 + 5 000 → 57 884.00; c: 5 GPUs, 37 500 + 5 × 1.25 × 8 760 =
 * 54 750 kWh × 0.20 = 10 950.00 + 0 → 48 450.00. Fleet: 21 GPUs, capex 630 000, 201 846.00/yr.
 *
 * <p>Tokens/yr: AA 2 160 000 × 365 × 750 = 591.3e9 (a 0.75 → 443.475e9, b 147.825e9), BB 864 000 ×
 * 365 × 500 = 157.68e9; fleet 748.98e9. Cost per million: 201 846 / 748 980 = 0.2695; API bill at 0.50:
 * 374 490.00; break-even 201 846 / 0.5 × 10^6 = 403.692e9 tokens = 53.90 % of the plan.
 */
class FleetPlannerTest {
    static final double CENT = 0.005;
    final FleetPlan plan = FleetPlanner.plan(PlanLoader.parse(TestingPlans.SMALL));

    @Test
    void onlyTheRequestsAPoolServesSetItsBatch() {
        // BB's requests grow to 100,200 tokens: site c (BB only) fits fewer of them in its KV cache;
        // sites a and b serve AA alone and stay as they were.
        FleetPlan longBb = FleetPlanner.plan(PlanLoader.parse(TestingPlans.SMALL.replace("promptTokens: 300", "promptTokens: 100000")));
        for (String site : List.of("a", "b")) {
            assertThat(pools(longBb, site)).isEqualTo(pools(plan, site));
        }
        PoolPlan before = pools(plan, "c").getFirst();
        PoolPlan after = pools(longBb, "c").getFirst();
        assertThat(after.throughput().batch()).isLessThan(before.throughput().batch())
                .isLessThanOrEqualTo((int) (after.throughput().kvTokens() / 100_200));
        assertThatThrownBy(() -> FleetPlanner.plan(PlanLoader.parse(TestingPlans.SMALL.replace("promptTokens: 300", "promptTokens: 2000000"))))
                .isInstanceOf(PlanInputException.class).hasMessageStartingWith("countries.BB: a request of 2,000,200 tokens");
    }

    private static List<PoolPlan> pools(FleetPlan plan, String site) {
        return plan.sites().stream().filter(s -> s.site().name().equals(site)).findFirst().orElseThrow().pools();
    }

    PoolPlan pool(String site, String model) {
        return plan.pools().stream().filter(p -> p.site().equals(site) && p.model().name().equals(model)).findFirst().orElseThrow();
    }

    SitePlan site(String name) {
        return plan.sites().stream().filter(s -> s.site().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void demandIsSplitBySiteShareAndModelMix() {
        assertThat(pool("a", "small").peakRequestsPerSecond()).isCloseTo(30, within(1e-9));
        assertThat(pool("a", "big").peakRequestsPerSecond()).isCloseTo(7.5, within(1e-9));
        assertThat(pool("b", "small").peakRequestsPerSecond()).isCloseTo(10, within(1e-9));
        assertThat(pool("b", "big").peakRequestsPerSecond()).isCloseTo(2.5, within(1e-9));
        assertThat(pool("c", "small").peakRequestsPerSecond()).isCloseTo(24, within(1e-9));
        assertThat(pool("c", "big").peakRequestsPerSecond()).isCloseTo(6, within(1e-9));
        assertThat(pool("c", "small").streams()).extracting(DemandStream::country).containsExactly("BB");
        assertThat(plan.peakRequestsPerSecond()).isCloseTo(80, within(1e-9));
    }

    @Test
    void replicasAndGpus() {
        assertThat(pool("a", "small").peakLoad()).isCloseTo(0.51575, within(1e-5));
        assertThat(pool("a", "big").peakLoad()).isCloseTo(0.63619, within(1e-5));
        assertThat(pool("c", "big").peakLoad()).isCloseTo(0.34019, within(1e-5));
        assertThat(List.of(pool("a", "small").replicas(), pool("a", "big").replicas(), pool("b", "small").replicas(),
                pool("b", "big").replicas(), pool("c", "small").replicas(), pool("c", "big").replicas()))
                .containsExactly(2, 2, 2, 1, 1, 1);
        assertThat(pool("b", "small").minimumReplicas()).isEqualTo(2);
        assertThat(pool("b", "big").minimumReplicas()).isEqualTo(1); // ⌈2 GPUs / 4 per replica⌉
        assertThat(pool("a", "big").gpus()).isEqualTo(8);
        assertThat(List.of(site("a").gpus(), site("b").gpus(), site("c").gpus())).containsExactly(10, 6, 5);
        assertThat(plan.gpus()).isEqualTo(21);
    }

    @Test
    void costsToTheCent() {
        assertThat(pool("a", "small").energyCostPerYear()).isCloseTo(2_102.40, within(CENT));
        assertThat(pool("a", "small").annualCost()).isCloseTo(17_102.40, within(CENT));
        assertThat(site("a").capex()).isCloseTo(300_000.00, within(CENT));
        assertThat(site("a").energyCostPerYear()).isCloseTo(10_512.00, within(CENT));
        assertThat(site("a").annualCost()).isCloseTo(95_512.00, within(CENT));
        assertThat(site("b").annualCost()).isCloseTo(57_884.00, within(CENT));
        assertThat(site("c").energyCostPerYear()).isCloseTo(10_950.00, within(CENT));
        assertThat(site("c").annualCost()).isCloseTo(48_450.00, within(CENT));
        assertThat(plan.capex()).isCloseTo(630_000.00, within(CENT));
        assertThat(plan.annualisedCapex()).isCloseTo(157_500.00, within(CENT));
        assertThat(plan.opexPerYear()).isCloseTo(44_346.00, within(CENT));
        assertThat(plan.annualCost()).isCloseTo(201_846.00, within(CENT));
    }

    @Test
    void capexAndEnergyOfOnePool() {
        // a/small: 2 GPUs × 30 000 = 60 000, / 4 years = 15 000; 2 × 1 kW × 1.2 × 8 760 h = 21 024 kWh
        assertThat(pool("a", "small").capex()).isCloseTo(60_000.00, within(CENT));
        assertThat(pool("a", "small").annualisedCapex()).isCloseTo(15_000.00, within(CENT));
        assertThat(pool("a", "small").energyKwhPerYear()).isCloseTo(21_024, within(1e-6));
        // a/big: 8 GPUs × 1 kW × 1.2 × 8 760 = 84 096 kWh; site a: 105 120 kWh, opex 10 512 + 10 000
        assertThat(pool("a", "big").energyKwhPerYear()).isCloseTo(84_096, within(1e-6));
        assertThat(site("a").opexPerYear()).isCloseTo(20_512.00, within(CENT));
    }

    @Test
    void zeroDemandKeepsTheMinimumFleetAndHasNoCostPerToken() {
        // Every pool at ⌈min GPUs / TP⌉: a 1 + 1×4 = 5 GPUs, b 2 + 1×4 = 6, c 1 + 1×4 = 5; 16 in all.
        // a: 37 500 + 5 × 1.2 × 8 760 × 0.10 = 5 256.00 + 10 000; b: 45 000 + 7 884.00 + 5 000;
        // c: 37 500 + 10 950.00 → 52 756.00 + 57 884.00 + 48 450.00 = 159 090.00
        FleetPlan idle = FleetPlanner.plan(PlanLoader.parse(TestingPlans.SMALL.replaceAll("adoption: [0-9.]+", "adoption: 0")));
        assertThat(idle.pools()).allSatisfy(p -> {
            assertThat(p.peakLoad()).isZero();
            assertThat(p.replicas()).isEqualTo(p.minimumReplicas());
        });
        assertThat(idle.gpus()).isEqualTo(16);
        assertThat(idle.annualCost()).isCloseTo(159_090.00, within(CENT));
        assertThat(idle.tokensPerYear()).isZero();
        assertThat(idle.costPerMillionTokens()).isInfinite();
        // the fleet still has a break-even volume: 159 090 / 0.50 × 10^6 tokens
        assertThat(idle.breakEvenTokensPerYear()).isCloseTo(318.18e9, within(1.0));
        assertThat(idle.breakEvenShareOfPlan()).isInfinite();
        assertThat(idle.capacityShareOfPlan()).isInfinite();
    }

    @Test
    void freeApiNeverBreaksEven() {
        FleetPlan free = FleetPlanner.plan(PlanLoader.parse(TestingPlans.SMALL.replace("apiPricePerMillionTokens: 0.50",
                "apiPricePerMillionTokens: 0")));
        assertThat(free.apiCostPerYear()).isZero();
        assertThat(free.breakEvenTokensPerYear()).isInfinite();
        assertThat(free.breakEvenShareOfPlan()).isInfinite();
        assertThat(free.annualCost()).isCloseTo(201_846.00, within(CENT));
    }

    @Test
    void siteAndGpuFieldsAreValidatedByName() {
        assertThatThrownBy(() -> new SiteSpec("", "AA", 1.2, 0, 0.7, 1)).hasMessageContaining("name");
        assertThatThrownBy(() -> new SiteSpec("s", "AA", 0.9, 0, 0.7, 1)).hasMessageContaining("pue");
        assertThatThrownBy(() -> new SiteSpec("s", "AA", 1.2, -1, 0.7, 1)).hasMessageContaining("networkCostPerYear");
        assertThatThrownBy(() -> new SiteSpec("s", "AA", 1.2, 0, 0, 1)).hasMessageContaining("targetUtilisation");
        assertThatThrownBy(() -> new SiteSpec("s", "AA", 1.2, 0, 1.5, 1)).hasMessageContaining("targetUtilisation");
        assertThatThrownBy(() -> new SiteSpec("s", "AA", 1.2, 0, 0.7, 0)).hasMessageContaining("minimumGpus");
        assertThatThrownBy(() -> new GpuHardware("", 80, 1, 1, 1)).hasMessageContaining("name");
        assertThatThrownBy(() -> new GpuHardware("g", 80, 0, 1, 1)).hasMessageContaining("powerWatts");
        assertThatThrownBy(() -> new GpuHardware("g", 80, 1, -1, 1)).hasMessageContaining("pricePerGpu");
        assertThatThrownBy(() -> new GpuHardware("g", 80, 1, 1, 0)).hasMessageContaining("amortisationYears");
    }

    @Test
    void tokensCostPerMillionAndBreakEven() {
        assertThat(site("a").tokensPerYear()).isCloseTo(443.475e9, within(1.0));
        assertThat(site("b").tokensPerYear()).isCloseTo(147.825e9, within(1.0));
        assertThat(site("c").tokensPerYear()).isCloseTo(157.68e9, within(1.0));
        assertThat(plan.tokensPerYear()).isCloseTo(748.98e9, within(1.0));
        assertThat(site("a").costPerMillionTokens()).isCloseTo(95_512d / 443_475d, within(1e-12));
        assertThat(plan.costPerMillionTokens()).isCloseTo(0.27, within(CENT));
        assertThat(plan.apiCostPerYear()).isCloseTo(374_490.00, within(CENT));
        assertThat(plan.breakEvenTokensPerYear()).isCloseTo(403.692e9, within(1.0));
        assertThat(plan.breakEvenShareOfPlan()).isCloseTo(403_692d / 748_980d, within(1e-12));
    }

    @Test
    void resizingAPoolRepricesIt() {
        FleetPlan bigger = plan.withReplicas("a", "big", 3);
        // +1 replica of 4 GPUs: capex +120 000, +30 000/yr, energy +4 × 1.2 × 8 760 × 0.10 = +4 204.80
        assertThat(bigger.gpus()).isEqualTo(25);
        assertThat(bigger.annualCost()).isCloseTo(201_846.00 + 30_000 + 4_204.80, within(CENT));
        assertThat(plan.gpus()).isEqualTo(21);
    }
}
