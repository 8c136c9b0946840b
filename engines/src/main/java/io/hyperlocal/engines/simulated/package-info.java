/**
 * {@link io.hyperlocal.engines.simulated.SimulatedEngine}, which writes placeholder text plainly marked
 * as simulated, with the timing, slots and limits of a real engine.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.engines.simulated;
