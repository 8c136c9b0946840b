/**
 * The simulated federation: sites of engines, the gateway's lagged view of their load and health, failures, and the path of a request.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim.federation;
