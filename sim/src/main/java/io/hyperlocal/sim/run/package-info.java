/**
 * Runs a scenario under a policy: one fresh, seeded simulation per run.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim.run;
