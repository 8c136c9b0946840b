package io.hyperlocal.server.database;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The PostgreSQL cluster in {@code <data directory>/pgdata}: creating it, and clearing a lock nobody holds. */
final class Cluster {
    private static final int TAIL_BYTES = 8192;
    private static final int TAIL_LINES = 20;

    private Cluster() {}

    /** Runs {@code initdb} when {@code pgdata} holds no cluster yet; hands an existing one to {@code runAs}. */
    static void initialise(Path installation, RunAs runAs, Path pgdata, Path log, Duration timeout)
            throws IOException, InterruptedException {
        if (Files.exists(pgdata.resolve("PG_VERSION"))) {
            if (!runAs.owns(pgdata)) {
                runAs.own(pgdata); // made by a run as another user; PostgreSQL insists on owning it
            }
            return;
        }
        if (Files.isDirectory(pgdata)) {
            try (Stream<Path> entries = Files.list(pgdata)) {
                if (entries.findAny().isPresent()) {
                    throw new EmbeddedPostgresException(pgdata + " is not empty but holds no PostgreSQL cluster (it"
                            + " has no PG_VERSION); move it away, or choose another data directory");
                }
            }
        }
        Files.createDirectories(pgdata);
        Files.setPosixFilePermissions(pgdata, PosixFilePermissions.fromString("rwx------"));
        runAs.own(pgdata);
        run(runAs.command(installation.resolve("bin/initdb"), List.of(
                "-D", pgdata.toString(), "-U", EmbeddedPostgres.USERNAME, "-A", "trust", "-E", "UTF8", "--no-locale")),
                log, timeout, "initdb");
    }

    /**
     * Clears {@code postmaster.pid} when the process it names is alive but is not a PostgreSQL
     * server for {@code pgdata}: after a crash and a reboot the number is often reused, and
     * PostgreSQL would take that process for a running server and refuse to start. A lock naming a
     * dead process is left to PostgreSQL, which removes it after checking that no orphaned backend
     * still uses the cluster's shared memory.
     *
     * @throws EmbeddedPostgresException when a PostgreSQL server is running on {@code pgdata}
     */
    static void clearStaleLock(Path pgdata) throws IOException {
        Path lock = pgdata.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.readAllLines(lock, StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return;
        }
        if (lines.isEmpty() || !lines.getFirst().strip().matches("-?\\d{1,18}")) {
            return; // PostgreSQL reports a malformed lock file better than we could
        }
        long pid = Math.abs(Long.parseLong(lines.getFirst().strip()));
        Optional<ProcessHandle> holder = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (holder.isEmpty()) {
            return;
        }
        if (isServerFor(holder.get(), pgdata)) {
            throw new EmbeddedPostgresException("the data directory " + pgdata + " is in use by PostgreSQL process "
                    + pid + ", left running by an earlier start that was not stopped or serving another Hyperlocal."
                    + " Stop it (kill -INT " + pid + " asks for a fast shutdown) or choose another data directory.");
        }
        // PostgreSQL ignores a lock that names its own parent, which is this process, and still runs
        // the shared-memory check on the rest of the file; deleting the file would skip that check.
        lines.set(0, Long.toString(ProcessHandle.current().pid()));
        Files.write(lock, lines, StandardCharsets.UTF_8);
    }

    /**
     * The port of a PostgreSQL server running on {@code pgdata}, read from line 4 of its
     * {@code postmaster.pid}; empty when no live server holds the lock.
     */
    static OptionalInt runningPort(Path pgdata) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(pgdata.resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException absent) {
            return OptionalInt.empty();
        }
        if (lines.size() < 4 || !lines.getFirst().strip().matches("-?\\d{1,18}") || !lines.get(3).strip().matches("\\d{1,5}")) {
            return OptionalInt.empty(); // being written by a starting server, or not PostgreSQL's
        }
        long pid = Math.abs(Long.parseLong(lines.getFirst().strip()));
        boolean running = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> isServerFor(process, pgdata)).isPresent();
        return running ? OptionalInt.of(Integer.parseInt(lines.get(3).strip())) : OptionalInt.empty();
    }

    private static boolean isServerFor(ProcessHandle process, Path pgdata) {
        ProcessHandle.Info info = process.info();
        // What cannot be read (another user's process) is assumed to be a server: refusing to start is safe.
        boolean postgres = info.command().map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(true);
        boolean samePgdata = info.arguments().map(arguments -> List.of(arguments).contains(pgdata.toString()))
                .orElse(true);
        return postgres && samePgdata;
    }

    /** Runs a PostgreSQL program to completion, appending its output to {@code log}. */
    static void run(List<String> command, Path log, Duration timeout, String name)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new EmbeddedPostgresException(name + " did not finish within " + timeout.toSeconds() + " s: "
                    + String.join(" ", command) + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new EmbeddedPostgresException(name + " failed with exit code " + process.exitValue() + ": "
                    + String.join(" ", command) + tail(log));
        }
    }

    /** The end of the server log, introduced for an error message, or empty when there is none. */
    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).strip().lines().toList();
            if (lines.isEmpty()) {
                return "";
            }
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            return "\nLast lines of " + log + ":\n" + String.join("\n", last);
        } catch (IOException e) {
            return "";
        }
    }
}
