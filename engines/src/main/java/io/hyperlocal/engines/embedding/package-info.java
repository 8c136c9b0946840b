/**
 * Text embeddings computed in the JVM: {@link io.hyperlocal.engines.embedding.MiniLmEmbedder}.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.engines.embedding;
