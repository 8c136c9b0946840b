package io.hyperlocal.server.cli;

import io.hyperlocal.server.database.EmbeddedPostgres;
import io.hyperlocal.server.models.ModelDirectory;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./hyperlocal up}: starts the embedded PostgreSQL (unless {@code HYPERLOCAL_DB_URL} names an
 * external one), then the Quarkus application, and stops the database after the application on
 * exit or Ctrl-C.
 */
final class UpCommand {
    private UpCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args, Set.of("port", "data-dir", "models-dir"));
        if (!arguments.positional().isEmpty()) {
            throw new Arguments.UsageException("'up' takes no arguments, only options: " + arguments.positional());
        }
        Settings settings = new Settings(arguments, System.getenv());
        int port = settings.port("port", "hyperlocal.port", 8080);
        Path dataDir = settings.path("data-dir", "hyperlocal.data.dir", Settings.home().resolve("data"));
        Path modelsDir = settings.path("models-dir", "hyperlocal.models.dir", Settings.home().resolve("models"));
        return launch(HyperlocalApplication.class, settings, port, dataDir, modelsDir, out, err);
    }

    /**
     * Starts the database and then {@code application} on the platform; returns the exit code once
     * the application has ended and the database has stopped.
     */
    static int launch(Class<? extends QuarkusApplication> application, Settings settings, int port, Path dataDir,
            Path modelsDir, PrintStream out, PrintStream err) {
        if (port != 0 && !portFree(port)) {
            err.println("hyperlocal: port " + port + " is already in use (is another ./hyperlocal up running?). "
                    + "Stop it, or choose another port with --port or HYPERLOCAL_PORT.");
            return 1;
        }
        Optional<String> unusable = unusableDataDir(dataDir);
        if (unusable.isPresent()) {
            err.println("hyperlocal: " + unusable.get());
            return 1;
        }
        if (Files.exists(modelsDir) && !Files.isDirectory(modelsDir)) {
            // Found here, not when the platform scans it: a failed start also prints the stack traces of
            // the background jobs that were starting with it.
            err.println("hyperlocal: " + ModelDirectory.notADirectory(modelsDir).getMessage());
            return 1;
        }
        System.setProperty("hyperlocal.port", Integer.toString(port));
        System.setProperty("hyperlocal.data.dir", dataDir.toString());
        System.setProperty("hyperlocal.models.dir", modelsDir.toString());

        Optional<String> externalDatabase = settings.find("db-url", "hyperlocal.db.url");
        EmbeddedPostgres database = null;
        if (externalDatabase.isEmpty()) {
            out.println("Starting the embedded PostgreSQL in " + dataDir.resolve("postgres") + " ...");
            try {
                database = EmbeddedPostgres.start(dataDir.resolve("postgres"));
            } catch (RuntimeException e) {
                err.println("hyperlocal: the embedded PostgreSQL did not start: " + e.getMessage());
                return 1;
            }
            System.setProperty("hyperlocal.db.url", database.jdbcUrl());
            System.setProperty("hyperlocal.db.user", database.username());
        } else {
            out.println("Using the external PostgreSQL at " + externalDatabase.get());
        }

        CountDownLatch applicationStopped = new CountDownLatch(1);
        Runnable stop = stopOnce(database);
        // Ctrl-C ends the JVM through shutdown hooks, and the JVM halts once the hooks are done, even
        // while the main thread still runs: so the database is stopped in a hook, once the application
        // is down (or has had 20 s), so that no request sees the database vanish under it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                applicationStopped.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.run();
        }, "hyperlocal-stop"));

        AtomicInteger exitCode = new AtomicInteger();
        try {
            Quarkus.run(application, (code, failure) -> {
                exitCode.set(code);
                if (failure != null) {
                    err.println("hyperlocal: the platform stopped: " + rootMessage(failure));
                }
            });
        } finally {
            applicationStopped.countDown();
        }
        stop.run();
        return exitCode.get();
    }

    /**
     * Stops the database and says so, once. A second caller (the shutdown hook and the main thread
     * race on Ctrl-C) waits for the first to finish: the JVM halts as soon as the hook returns.
     */
    private static Runnable stopOnce(EmbeddedPostgres database) {
        AtomicBoolean stopped = new AtomicBoolean();
        Object lock = new Object();
        return () -> {
            synchronized (lock) {
                if (stopped.getAndSet(true)) {
                    return;
                }
                if (database != null) {
                    database.close();
                }
                // Quarkus's log handler closes standard output (the descriptor itself) as it shuts
                // down, so the last word goes to standard error, which stays open.
                PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                        java.nio.charset.StandardCharsets.UTF_8);
                console.println("Hyperlocal stopped.");
            }
        };
    }

    /**
     * Why {@code dataDir} cannot hold the platform's files, if it cannot: checked (and created) before
     * the database starts, which would otherwise fail deep inside with an exception's class name.
     */
    static Optional<String> unusableDataDir(Path dataDir) {
        String next = "Give a directory you can write to with --data-dir or HYPERLOCAL_DATA_DIR (it is created if "
                + "missing).";
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            return Optional.of("the data directory " + dataDir + " is a file, not a directory. " + next);
        }
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException failure && failure.getReason() != null
                    ? failure.getReason() + " (" + failure.getFile() + ")"
                    : e instanceof FileSystemException failure ? "refused by the file system at " + failure.getFile()
                    : String.valueOf(e.getMessage());
            return Optional.of("cannot create the data directory " + dataDir + ": " + reason + ". " + next);
        }
        if (!Files.isWritable(dataDir)) {
            return Optional.of("the data directory " + dataDir + " is not writable by this user. " + next);
        }
        return Optional.empty();
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (cause: " + root.getMessage() + ")";
    }
}
