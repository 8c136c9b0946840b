/**
 * Route selection: filter the candidate engines, score the survivors, pick an order. Plain Java;
 * time and randomness are injected so a decision can be replayed.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.routing;
