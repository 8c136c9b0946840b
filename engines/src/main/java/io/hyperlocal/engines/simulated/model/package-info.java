/**
 * The pure parts of the simulated engine, shared with the federation simulator: a step-time model,
 * a paged KV cache with prefix caching, and a continuous-batching scheduler in the manner of vLLM V1.
 * Nothing here reads a clock, starts a thread or draws from an unseeded generator: time is what
 * {@link io.hyperlocal.engines.simulated.model.BatchScheduler#step()} says a step lasts, and the
 * caller decides when that step ends (a real-time scheduler thread or a discrete-event clock).
 * Not thread-safe; callers serialise access.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.engines.simulated.model;
