/**
 * Local model files: the built-in {@link io.hyperlocal.server.models.ModelCatalog}, the models
 * directory ({@link io.hyperlocal.server.models.ModelDirectory}) and a resumable, verifying
 * downloader ({@link io.hyperlocal.server.models.ModelDownloader}). Plain Java with no Quarkus or
 * CDI dependency, so the command line can pull and list models without booting the server.
 *
 * <p>Nullness contract: no parameter, field or return value in this package is {@code null}.
 * Absent values are {@link java.util.Optional} return values or documented sentinels.
 */
package io.hyperlocal.server.models;
