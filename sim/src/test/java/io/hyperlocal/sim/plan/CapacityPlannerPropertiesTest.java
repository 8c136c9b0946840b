package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class CapacityPlannerPropertiesTest {

    static final GpuType GPU = new GpuType("H100", 1_500, 8_000, 700, 30_000, 4);

    static Demand demand(long subscribers, double adoption) {
        return new Demand("PT", subscribers, adoption, 0.4, 9, 400, 200, 3);
    }

    @Property
    void gpusNonDecreasingInDemand(
            @ForAll @LongRange(min = 0, max = 100_000_000) long subscribers,
            @ForAll @DoubleRange(min = 0, max = 1) double a,
            @ForAll @DoubleRange(min = 0, max = 1) double b,
            @ForAll @DoubleRange(min = 0.05, max = 1) double utilisation,
            @ForAll @IntRange(min = 1, max = 4) int minimum) {
        SiteCosts site = new SiteCosts(1.2, 0.2, 1_000, utilisation, minimum);
        double lo = Math.min(a, b), hi = Math.max(a, b);
        Plan small = CapacityPlanner.plan(demand(subscribers, lo), GPU, site, 1);
        Plan large = CapacityPlanner.plan(demand(subscribers, hi), GPU, site, 1);
        assertThat(large.gpus()).isGreaterThanOrEqualTo(small.gpus());
        assertThat(large.annualCost()).isGreaterThanOrEqualTo(small.annualCost());
    }

    @Property
    void costPerMillionTokensFallsAsUtilisationRisesAtFixedFleet(
            @ForAll @LongRange(min = 1, max = 100_000_000) long subscribers,
            @ForAll @DoubleRange(min = 0.01, max = 1) double u1,
            @ForAll @DoubleRange(min = 0.01, max = 1) double u2) {
        Plan p = CapacityPlanner.plan(demand(subscribers, 0.3), GPU, new SiteCosts(1.2, 0.2, 1_000, 0.7, 2), 1);
        double lo = Math.min(u1, u2), hi = Math.max(u1, u2);
        if (hi > lo) {
            assertThat(p.costPerMillionTokensAtUtilisation(hi)).isLessThan(p.costPerMillionTokensAtUtilisation(lo));
        }
    }

    @Property
    void zeroDemandGivesTheMinimumFleet(
            @ForAll @LongRange(min = 0, max = 100_000_000) long subscribers,
            @ForAll @DoubleRange(min = 0.05, max = 1) double utilisation,
            @ForAll @IntRange(min = 1, max = 8) int minimum) {
        SiteCosts site = new SiteCosts(1.2, 0.2, 1_000, utilisation, minimum);
        Plan p = CapacityPlanner.plan(demand(subscribers, 0), GPU, site, 1);
        assertThat(p.gpus()).isEqualTo(minimum);
        assertThat(p.tokensPerYear()).isZero();
    }

    @Property
    void fleetCarriesThePeakAtTargetUtilisation(
            @ForAll @LongRange(min = 0, max = 100_000_000) long subscribers,
            @ForAll @DoubleRange(min = 0, max = 1) double adoption,
            @ForAll @DoubleRange(min = 0.05, max = 1) double utilisation) {
        Plan p = CapacityPlanner.plan(demand(subscribers, adoption), GPU, new SiteCosts(1.2, 0.2, 0, utilisation, 1), 1);
        assertThat(p.gpus() * utilisation).isGreaterThanOrEqualTo(p.peakGpuLoad() * (1 - 1e-9));
    }
}
