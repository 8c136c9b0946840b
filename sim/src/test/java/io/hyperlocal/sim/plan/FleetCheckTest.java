package io.hyperlocal.sim.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FleetCheckTest {
    final FleetPlan plan = FleetPlanner.plan(PlanLoader.parse(TestingPlans.CHECK));
    final PoolPlan pool = plan.pools().getFirst();

    @ParameterizedTest
    @EnumSource(CheckSimulator.class)
    void plannedFleetPassesInTheSimulator(CheckSimulator simulator) {
        assertThat(pool.replicas()).isEqualTo(2); // load 75 × 0.0171918 = 1.29 / 0.7 = 1.84 → 2
        PoolCheckResult r = simulator.simulator().run(pool, pool.replicas(), plan.input().slo(), plan.input().check());
        // both measure the half minute after the 10 s warm-up at 75 req/s: about 2 250 requests (± 47 for
        // one standard deviation); counting the warm-up too would give about 3 000
        assertThat(r.requests()).isBetween(2_050L, 2_450L);
        assertThat(r.passed()).isTrue();
        assertThat(r.attainment()).isGreaterThanOrEqualTo(0.99);
        assertThat(r.interTokenP99Millis()).isLessThanOrEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(CheckSimulator.class)
    void undersizedFleetFailsInTheSimulator(CheckSimulator simulator) {
        // 1 replica for a peak load of 1.29: it would need to be 129 % busy, so its queue grows all along.
        PoolCheckResult r = simulator.simulator().run(pool, 1, plan.input().slo(), plan.input().check());
        assertThat(r.passed()).isFalse();
        assertThat(r.attainment()).isLessThan(0.5);
        assertThat(r.ttftP99Millis()).isGreaterThan(1_000);
    }

    @Test
    void federationRunnerScalesTimeForQuantisation() {
        // FP8 (step time × 0.7) runs in the federation simulator by time scaling; the planner's own loop
        // applies the factor to every step. Both must see the same latencies, within sampling noise.
        FleetPlan fp8 = FleetPlanner.plan(PlanLoader.parse(TestingPlans.CHECK.replace("quantisation: bf16", "quantisation: fp8")
                .replace("minutes: 0.5", "minutes: 0.25").replace("warmupSeconds: 10", "warmupSeconds: 5")));
        PoolPlan fast = fp8.pools().getFirst();
        PoolCheckResult federation = FederationPoolSimulation.run(fast, 2, fp8.input().slo(), fp8.input().check());
        PoolCheckResult scheduler = SchedulerPoolSimulation.run(fast, 2, fp8.input().slo(), fp8.input().check());
        assertThat(federation.interTokenP50Millis()).isCloseTo(scheduler.interTokenP50Millis(), withinPercentage(15));
        assertThat(federation.ttftP50Millis()).isCloseTo(scheduler.ttftP50Millis(), withinPercentage(35));
        // the scaled-back latencies are FP8's: a step is never shorter than 0.7 × the 5.75 ms base, and
        // at BF16 speed the same pool's median gap is above 9 ms
        assertThat(federation.interTokenP50Millis()).isBetween(0.7 * 5.7527, 8.0);
    }

    @ParameterizedTest
    @EnumSource(CheckSimulator.class)
    void poolWithoutDemandPasses(CheckSimulator simulator) {
        FleetPlan none = FleetPlanner.plan(PlanLoader.parse(TestingPlans.CHECK.replace("adoption: 0.5", "adoption: 0")));
        PoolPlan idle = none.pools().getFirst();
        assertThat(idle.replicas()).isEqualTo(1); // the site minimum
        PoolCheckResult r = simulator.simulator().run(idle, 1, none.input().slo(), none.input().check());
        assertThat(r.requests()).isZero();
        assertThat(r.passed()).isTrue();
    }

    @Test
    void sameSeedSameResult() {
        PoolCheckResult a = SchedulerPoolSimulation.run(pool, 2, plan.input().slo(), plan.input().check());
        PoolCheckResult b = SchedulerPoolSimulation.run(pool, 2, plan.input().slo(), plan.input().check());
        assertThat(b.requests()).isEqualTo(a.requests());
        assertThat(b.metSlo()).isEqualTo(a.metSlo());
        assertThat(b.ttftP99Millis()).isEqualTo(a.ttftP99Millis());
        assertThat(b.events()).isEqualTo(a.events());
    }

    @Test
    void failingPoolsAreGrownUntilTheyPassWithinTheBound() {
        FleetPlan small = FleetPlanner.plan(PlanLoader.parse(TestingPlans.SMALL));
        // A stand-in simulator: a pool passes with at least 3 replicas, whatever else.
        PoolSimulator atLeastThree = (p, replicas, slo, settings) -> new PoolCheckResult(p.site(), p.model().name(), replicas, 100, 100,
                1, 1, 1, 1, 100, replicas >= 3 ? 100 : 0, replicas >= 3 ? 1 : 0, replicas >= 3, 0, 0);
        var progress = new ByteArrayOutputStream();
        FleetCheckReport report = new FleetCheck(atLeastThree).run(small, new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(report.passed()).isFalse();
        assertThat(report.repaired()).isTrue();
        // every pool (2, 2, 2, 1, 1, 1 replicas) fails and is grown to 3
        assertThat(report.repairs()).hasSize(6).allMatch(r -> r.passing().orElseThrow().replicas() == 3);
        assertThat(report.passingFleet().pools()).allMatch(p -> p.replicas() == 3);
        // 3 replicas per pool: 3 × 1 + 3 × 4 = 15 GPUs per site
        assertThat(report.passingFleet().gpus()).isEqualTo(45);
        assertThat(report.siteAttainment("a")).isZero();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("check 1/6: a / small", "retry with 3 replicas");
    }

    @Test
    void searchStopsAtTheBound() {
        FleetPlan small = FleetPlanner.plan(PlanLoader.parse(TestingPlans.SMALL));
        PoolSimulator never = (p, replicas, slo, settings) -> new PoolCheckResult(p.site(), p.model().name(), replicas, 10, 10, 1, 1, 1, 1,
                10, 0, 0, false, 0, 0);
        FleetCheckReport report = new FleetCheck(never).run(small, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(report.repaired()).isFalse();
        // maxExtraReplicas 4: a/small goes 2 → 6 and stops
        assertThat(report.repairs().getFirst().lastTried().replicas()).isEqualTo(6);
        assertThat(report.repairs().getFirst().passing()).isEmpty();
    }
}
