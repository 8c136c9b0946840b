/**
 * {@link io.hyperlocal.engines.simulated.SimulatedEngine}, which writes placeholder text plainly marked
 * as simulated, with the timing, batching, KV cache, limits, failures and Prometheus metrics of a vLLM
 * server. The pure state machines it runs in real time (step-time model, KV cache, batch scheduler)
 * live in {@code simulated.model}, where the federation simulator runs them on virtual time.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.engines.simulated;
