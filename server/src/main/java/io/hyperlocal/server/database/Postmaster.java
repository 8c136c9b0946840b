package io.hyperlocal.server.database;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The running {@code postgres} server process of an {@link EmbeddedPostgres}, and how to reach and stop it. */
final class Postmaster {
    private final Path installation;
    private final RunAs runAs;
    private final Path pgdata;
    private final Path log;
    private final int port;
    private final Process process;

    private Postmaster(Path installation, RunAs runAs, Path pgdata, Path log, int port, Process process) {
        this.installation = installation;
        this.runAs = runAs;
        this.pgdata = pgdata;
        this.log = log;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code postgres} on 127.0.0.1 only, with its output appended to {@code log}. No Unix
     * socket is opened ({@code -k ""}): a long data directory path cannot then exceed the socket
     * path limit, and a stale socket lock file cannot block a start.
     */
    static Postmaster launch(Path installation, RunAs runAs, Path pgdata, Path log, int port) throws IOException {
        List<String> arguments = List.of(
                "-D", pgdata.toString(), "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", "");
        Process process = new ProcessBuilder(runAs.command(installation.resolve("bin/postgres"), arguments))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new Postmaster(installation, runAs, pgdata, log, port, process);
    }

    long pid() {
        return process.pid();
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Returns once the server accepts a connection; throws, with the log's end, if it exits or times out. */
    void awaitConnections(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new EmbeddedPostgresException("PostgreSQL exited with code " + process.exitValue()
                        + " while starting on 127.0.0.1:" + port + " with data directory " + pgdata
                        + Cluster.tail(log));
            }
            try (Connection connection = connect("postgres")) {
                return;
            } catch (SQLException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new EmbeddedPostgresException("PostgreSQL did not accept connections on 127.0.0.1:" + port
                            + " within " + timeout.toSeconds() + " s (last error: " + notYet.getMessage()
                            + "); data directory " + pgdata + Cluster.tail(log), notYet);
                }
            }
            Thread.sleep(50);
        }
    }

    void createDatabaseIfMissing(String database) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            try (ResultSet existing = statement.executeQuery(
                    "select 1 from pg_database where datname = '" + database + "'")) {
                if (existing.next()) {
                    return;
                }
            }
            statement.execute("create database " + database);
        } catch (SQLException e) {
            throw new EmbeddedPostgresException("cannot create the database " + database + " on 127.0.0.1:" + port
                    + ": " + e.getMessage() + Cluster.tail(log), e);
        }
    }

    private Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedPostgres.USERNAME);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("ApplicationName", "hyperlocal-embedded-postgres");
        // The driver itself rather than DriverManager: no dependence on which class loader registered it.
        return new org.postgresql.Driver().connect(url(database), properties);
    }

    /** A fast shutdown, then a kill if it takes longer than {@code timeout}. */
    void stop(Duration timeout) {
        // SIGTERM, which Process.destroy() sends, is PostgreSQL's "smart" shutdown: it would wait for
        // every pooled connection to close. pg_ctl -m fast sends SIGINT, which Java cannot send.
        List<String> stop = runAs.command(installation.resolve("bin/pg_ctl"), List.of("stop", "-D", pgdata.toString(),
                "-m", "fast", "-w", "-t", Long.toString(Math.max(1, timeout.toSeconds()))));
        try {
            Process pgCtl = new ProcessBuilder(stop)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            boolean stopped = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            pgCtl.waitFor(1, TimeUnit.SECONDS);
            pgCtl.destroyForcibly();
            if (!stopped) {
                kill();
            }
        } catch (IOException e) {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Ends the server and its backends at once; the next start recovers from the write-ahead log. */
    void kill() {
        // Listed first: once the postmaster is gone its backends belong to init and cannot be found.
        List<ProcessHandle> backends = process.descendants().toList();
        process.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
