package io.hyperlocal.sim.plan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a planned fleet in the simulator, pool by pool (a pool's replicas serve only its site's
 * share of one model, so pools do not interact), and for each pool that misses the SLO adds one
 * replica at a time, up to {@link CheckSettings#maxExtraReplicas()}, until it passes.
 */
public final class FleetCheck {
    private final PoolSimulator simulator;

    public FleetCheck(PoolSimulator simulator) {
        this.simulator = simulator;
    }

    /** The check with the simulator the plan's {@code check.simulator} names. */
    public static FleetCheck forPlan(FleetPlan plan) {
        return new FleetCheck(plan.input().check().simulator().simulator());
    }

    public FleetCheckReport run(FleetPlan plan, PrintStream progress) {
        PlanInput input = plan.input();
        List<PoolCheckResult> planned = new ArrayList<>();
        List<FleetCheckReport.Repair> repairs = new ArrayList<>();
        FleetPlan passing = plan;
        List<PoolPlan> pools = plan.pools();
        int index = 0;
        for (PoolPlan pool : pools) {
            index++;
            progress.printf(Locale.ROOT, "check %d/%d: %s / %s, %d %s at %.1f req/s for %s...%n", index, pools.size(),
                    pool.site(), pool.model().name(), pool.replicas(), pool.replicas() == 1 ? "replica" : "replicas", pool.peakRequestsPerSecond(), describe(input.check()));
            PoolCheckResult result = simulator.run(pool, pool.replicas(), input.slo(), input.check());
            progress.println("  " + summary(result));
            planned.add(result);
            if (result.passed()) continue;
            PoolCheckResult last = result;
            Optional<PoolCheckResult> found = Optional.empty();
            for (int extra = 1; extra <= input.check().maxExtraReplicas(); extra++) {
                int replicas = pool.replicas() + extra;
                progress.printf(Locale.ROOT, "  retry with %d replicas...%n", replicas);
                last = simulator.run(pool, replicas, input.slo(), input.check());
                progress.println("  " + summary(last));
                if (last.passed()) {
                    found = Optional.of(last);
                    break;
                }
            }
            repairs.add(new FleetCheckReport.Repair(pool.site(), pool.model().name(), pool.replicas(), found, last));
            passing = passing.withReplicas(pool.site(), pool.model().name(), last.replicas());
        }
        return new FleetCheckReport(planned, repairs, passing);
    }

    static String summary(PoolCheckResult r) {
        return String.format(Locale.ROOT, "%,d requests, TTFT p99 %.0f ms, inter-token p99 %.1f ms, attainment %.2f %% -> %s (%,d events in %.1f s)",
                r.requests(), r.ttftP99Millis(), r.interTokenP99Millis(), r.attainment() * 100, r.passed() ? "pass" : "FAIL",
                r.events(), r.wallMillis() / 1000.0);
    }

    private static String describe(CheckSettings check) {
        return String.format(Locale.ROOT, "%.1f min (+%d s warm-up)", check.window().toMillis() / 60_000.0,
                check.warmup().toSeconds());
    }
}
