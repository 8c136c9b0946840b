/**
 * Sovereign route selection: filter the candidate engines (residency, model, health, saturation),
 * score the survivors (proximity, load, prefix-cache and session affinity, with a load guard), order
 * them for failover, and explain the decision. Plain Java; time and randomness are injected so a
 * decision can be replayed.
 *
 * <p>Entry point: {@link io.hyperlocal.routing.Router#route(RoutingRequest, ResidencyPolicy,
 * java.util.Collection)}.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}. Absent values are
 * {@link java.util.Optional} return values or documented sentinels ({@link
 * io.hyperlocal.routing.RequesterLocation#UNKNOWN}, an empty session id, {@link
 * io.hyperlocal.routing.PromptBlocks#NONE}).
 */
package io.hyperlocal.routing;
