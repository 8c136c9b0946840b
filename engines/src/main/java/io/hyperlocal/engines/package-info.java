/**
 * The {@link io.hyperlocal.engines.InferenceEngine} SPI and its implementations: embedded llama.cpp
 * and a simulated engine. Plain Java, no framework.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.engines;
