/**
 * Traffic: per-population arrivals of multi-turn conversations with shared system prompts, lengths and think times drawn from seeded generators.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim.workload;
