package io.hyperlocal.sim.plan;

/** Runs one pool at its peak rate with a given number of replicas; the seam for swapping simulators. */
@FunctionalInterface
public interface PoolSimulator {
    PoolCheckResult run(PoolPlan pool, int replicas, Slo slo, CheckSettings settings);
}
