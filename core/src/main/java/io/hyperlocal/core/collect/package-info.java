/**
 * Primitive collections for hot paths that would otherwise box a {@code long} per entry: the routing
 * module's prefix index and the simulated engine's KV cache, each called millions of times in a
 * simulated day. Plain Java; not thread-safe (callers serialise access).
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.core.collect;
