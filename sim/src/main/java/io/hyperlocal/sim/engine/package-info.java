/**
 * Engines on the event loop: the engines module's batch scheduler stepped by one event per step, idle without work, crashable.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim.engine;
