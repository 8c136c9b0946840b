/**
 * Routing policies compared on one trace: random, round-robin, least-loaded, proximity, and the routing module's real router.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim.policy;
