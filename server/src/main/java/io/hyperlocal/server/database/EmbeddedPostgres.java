package io.hyperlocal.server.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A PostgreSQL server run as a child process on a local data directory, with a database named
 * {@value #DATABASE} that user {@value #USERNAME} reaches over TCP on 127.0.0.1 without a password.
 *
 * <p>{@link #start} unpacks the binaries once (see {@link PostgresBinaries}), runs {@code initdb} on a
 * new data directory, starts {@code postgres} with its output in {@code <data directory>/postgres.log},
 * waits until it accepts JDBC connections and creates the database. PostgreSQL refuses to run as
 * root, so when this JVM is root the programs run as {@code nobody} (see {@link RunAs}).
 *
 * <p>The caller owns the lifecycle: nothing global such as a shutdown hook is registered, and a JVM
 * that dies without {@link #close()} leaves the server running; the next start on the same data
 * directory then names the process to stop. A crash of the server itself leaves a stale
 * {@code postmaster.pid} that does not block the next start. Authentication is {@code trust} on
 * the loopback interface: any local user can connect, which suits a single-user machine and not a
 * shared one.
 */
public final class EmbeddedPostgres implements AutoCloseable {
    public static final String DATABASE = "hyperlocal";
    public static final String USERNAME = "postgres";

    private final PostgresOptions options;
    private final Postmaster postmaster;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgres(PostgresOptions options, Postmaster postmaster, int port) {
        this.options = options;
        this.postmaster = postmaster;
        this.port = port;
    }

    /** Starts on {@code dataDirectory} with {@link PostgresOptions#defaults}. */
    public static EmbeddedPostgres start(Path dataDirectory) {
        return start(PostgresOptions.defaults(Objects.requireNonNull(dataDirectory, "dataDirectory is null")));
    }

    /**
     * Starts a server and returns once the database {@value #DATABASE} accepts connections.
     *
     * @throws EmbeddedPostgresException when the port is taken, the data directory is in use or
     *     unusable, or the server does not come up in time; the message carries the log's last lines
     */
    public static EmbeddedPostgres start(PostgresOptions options) {
        Objects.requireNonNull(options, "options is null");
        Path dataDirectory = options.dataDirectory();
        try {
            if (options.port() != PostgresOptions.ANY_FREE_PORT) {
                choosePort(options.port()); // fail before initdb, which takes a while
            }
            RunAs runAs = RunAs.detect();
            Path installation = PostgresBinaries.install(options.binaryCache(), runAs);
            Files.createDirectories(dataDirectory);
            Path log = dataDirectory.resolve("postgres.log");
            if (!Files.exists(log)) {
                Files.createFile(log);
            }
            runAs.own(log);
            Path pgdata = dataDirectory.resolve("pgdata");
            Cluster.initialise(installation, runAs, pgdata, log, options.startTimeout());
            Cluster.clearStaleLock(pgdata);
            int port = choosePort(options.port());
            Postmaster postmaster = Postmaster.launch(installation, runAs, pgdata, log, port);
            try {
                postmaster.awaitConnections(options.startTimeout());
                postmaster.createDatabaseIfMissing(DATABASE);
            } catch (RuntimeException | InterruptedException e) {
                postmaster.kill();
                throw e;
            }
            return new EmbeddedPostgres(options, postmaster, port);
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "cannot start the embedded PostgreSQL on " + dataDirectory + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException(
                    "interrupted while starting the embedded PostgreSQL on " + dataDirectory, e);
        }
    }

    /**
     * The port on 127.0.0.1 of a server already running on {@code dataDirectory} (started by
     * {@code ./hyperlocal up} or another {@link #start}), so that a tool can use the same database
     * through {@link #DATABASE} and {@link #USERNAME}; empty when none runs there.
     */
    public static OptionalInt runningPort(Path dataDirectory) {
        Path pgdata = dataDirectory.toAbsolutePath().normalize().resolve("pgdata");
        try {
            return Cluster.runningPort(pgdata);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read " + pgdata.resolve("postmaster.pid") + ": " + e, e);
        }
    }

    private static int choosePort(int requested) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        if (requested == PostgresOptions.ANY_FREE_PORT) {
            try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
                return probe.getLocalPort();
            }
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(loopback, requested));
            return requested;
        } catch (IOException taken) {
            throw new EmbeddedPostgresException("port " + requested + " on 127.0.0.1 is already in use, so the"
                    + " embedded PostgreSQL cannot listen on it; stop what uses it, or choose another port"
                    + " (0 picks a free one)", taken);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/hyperlocal}. */
    public String jdbcUrl() {
        return postmaster.url(DATABASE);
    }

    public String username() {
        return USERNAME;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return options.dataDirectory();
    }

    /** The server log, {@code <data directory>/postgres.log}. */
    public Path logFile() {
        return options.dataDirectory().resolve("postgres.log");
    }

    /** The process id of the PostgreSQL server (the postmaster). */
    public long pid() {
        return postmaster.pid();
    }

    /**
     * Stops the server with a fast shutdown (open sessions are rolled back, then a clean checkpoint),
     * and kills it if that takes longer than the stop timeout. Does nothing the second time.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            postmaster.stop(options.stopTimeout());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[" + jdbcUrl() + ", " + options.dataDirectory() + "]";
    }
}
