/**
 * llama.cpp inside the JVM through de.kherud:llama: the GGUF header reader, the pool that loads each
 * model once for the engines of every site, and {@link io.hyperlocal.engines.llama.LlamaCppEngine}.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.engines.llama;
