/**
 * The federation simulator's groundwork: a deterministic discrete-event core ({@link
 * io.hyperlocal.sim.Simulation}, {@link io.hyperlocal.sim.EventQueue}), arrival processes (Poisson,
 * diurnal by thinning, bursts) and request length distributions. Plain Java; simulated time is a
 * {@code long} of nanoseconds and every random draw comes from a generator seeded by the caller, so a
 * run replays exactly for a seed.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim;
