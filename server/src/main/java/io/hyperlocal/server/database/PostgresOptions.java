package io.hyperlocal.server.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run an {@link EmbeddedPostgres}.
 *
 * @param dataDirectory holds {@code pgdata/} (the cluster) and {@code postgres.log}; created if missing
 * @param port TCP port on 127.0.0.1, in [1, 65535], or {@link #ANY_FREE_PORT}
 * @param binaryCache where the PostgreSQL binaries are unpacked, one sub-directory per build
 * @param startTimeout longest wait for {@code initdb}, and for the server to accept connections
 * @param stopTimeout longest wait for a fast shutdown before the server is killed
 */
public record PostgresOptions(
        Path dataDirectory, int port, Path binaryCache, Duration startTimeout, Duration stopTimeout) {
    /** Port 0: let the operating system pick a free one. */
    public static final int ANY_FREE_PORT = 0;
    /**
     * The binary cache when this process runs as root: PostgreSQL then runs as {@code nobody}, which
     * must be able to reach the binaries through directories searchable by others, and
     * {@code /root} is not one of them.
     */
    public static final Path ROOT_BINARY_CACHE = Path.of("/var/cache/hyperlocal/postgres");

    public PostgresOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory is null");
        Objects.requireNonNull(binaryCache, "binaryCache is null");
        Objects.requireNonNull(startTimeout, "startTimeout is null");
        Objects.requireNonNull(stopTimeout, "stopTimeout is null");
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        binaryCache = binaryCache.toAbsolutePath().normalize();
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
        }
        if (stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("stopTimeout must be positive: " + stopTimeout);
        }
    }

    /**
     * A free port, binaries under {@code ~/.hyperlocal/postgres} (or {@link #ROOT_BINARY_CACHE} for
     * root), 60 s to start and 30 s to stop.
     */
    public static PostgresOptions defaults(Path dataDirectory) {
        Path cache = RunAs.isRoot()
                ? ROOT_BINARY_CACHE
                : Path.of(System.getProperty("user.home"), ".hyperlocal", "postgres");
        return new PostgresOptions(dataDirectory, ANY_FREE_PORT, cache, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    public PostgresOptions withPort(int newPort) {
        return new PostgresOptions(dataDirectory, newPort, binaryCache, startTimeout, stopTimeout);
    }

    public PostgresOptions withBinaryCache(Path newBinaryCache) {
        return new PostgresOptions(dataDirectory, port, newBinaryCache, startTimeout, stopTimeout);
    }

    public PostgresOptions withStartTimeout(Duration newStartTimeout) {
        return new PostgresOptions(dataDirectory, port, binaryCache, newStartTimeout, stopTimeout);
    }
}
