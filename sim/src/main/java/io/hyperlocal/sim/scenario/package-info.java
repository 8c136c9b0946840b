/**
 * Scenarios: the validated record tree of a simulated federation and its traffic, and the YAML reader whose errors name the field path.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim.scenario;
