package io.hyperlocal.sim.plan;

import java.util.List;
import java.util.Optional;

/**
 * The simulator's verdict on a planned fleet.
 *
 * @param planned one result per pool with its planned replicas
 * @param repairs one per failing pool: the search for a replica count that passes
 * @param passingFleet the plan with every repaired pool resized (equal to the plan when all passed);
 *     pools whose search failed keep their last count tried
 */
public record FleetCheckReport(List<PoolCheckResult> planned, List<Repair> repairs, FleetPlan passingFleet) {

    public FleetCheckReport {
        planned = List.copyOf(planned);
        repairs = List.copyOf(repairs);
    }

    /**
     * @param passing the first count that passed, if one did within the bound
     * @param lastTried the largest count simulated
     */
    public record Repair(String site, String model, int plannedReplicas, Optional<PoolCheckResult> passing,
            PoolCheckResult lastTried) {}

    public boolean passed() {
        return planned.stream().allMatch(PoolCheckResult::passed);
    }

    /** Whether every failing pool found a passing count. */
    public boolean repaired() {
        return repairs.stream().allMatch(r -> r.passing().isPresent());
    }

    /** Requests within the SLO over requests judged, across the site's pools with their planned replicas. */
    public double siteAttainment(String site) {
        return attainment(planned.stream().filter(r -> r.site().equals(site)).toList());
    }

    /** Requests within the SLO over requests judged, across {@code results}; 1 when none was judged. */
    static double attainment(List<PoolCheckResult> results) {
        long requests = 0;
        long met = 0;
        for (PoolCheckResult r : results) {
            requests += r.judged();
            met += r.metSlo();
        }
        return requests == 0 ? 1 : (double) met / requests;
    }

    /** The pool's result with its planned replicas. */
    public Optional<PoolCheckResult> plannedResult(String site, String model) {
        return planned.stream().filter(r -> r.site().equals(site) && r.model().equals(model)).findFirst();
    }

    /** The pool's result in {@link #passingFleet}: its repair's passing (or last tried) count, else its planned one. */
    public Optional<PoolCheckResult> passingResult(String site, String model) {
        return repairs.stream().filter(r -> r.site().equals(site) && r.model().equals(model)).findFirst()
                .map(r -> r.passing().orElse(r.lastTried())).or(() -> plannedResult(site, model));
    }
}
