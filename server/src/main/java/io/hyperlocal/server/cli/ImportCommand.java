package io.hyperlocal.server.cli;

import io.hyperlocal.server.database.EmbeddedPostgres;
import io.hyperlocal.server.models.ProgressBar;
import io.hyperlocal.server.subscribers.ImportProgress;
import io.hyperlocal.server.subscribers.ImportReport;
import io.hyperlocal.server.subscribers.Rejection;
import io.hyperlocal.server.subscribers.SubscriberImport;
import io.hyperlocal.server.subscribers.SubscriberImportException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * {@code ./hyperlocal import subscribers FILE.csv}: loads the BSS's subscriber file into the
 * database without starting Quarkus. The database is the external one when {@code --db-url} (or
 * {@code HYPERLOCAL_DB_URL}) names it; else the embedded cluster of the data directory: the running
 * one when {@code ./hyperlocal up} has it open, or started for the import and stopped after.
 * Migrations run first, so a fresh data directory works.
 */
final class ImportCommand {
    private static final Set<String> OPTIONS = Set.of("data-dir", "db-url", "db-user", "db-password");

    private ImportCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        Arguments arguments = Arguments.parse(args, OPTIONS);
        List<String> words = arguments.positional();
        if (words.isEmpty() || !words.get(0).equals("subscribers")) {
            throw new Arguments.UsageException("'import' imports one kind of file: ./hyperlocal import subscribers FILE.csv");
        }
        if (words.size() != 2) {
            throw new Arguments.UsageException("'import subscribers' takes one CSV file, got " + (words.size() - 1));
        }
        Path file = Path.of(words.get(1)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("hyperlocal: cannot read " + file + (Files.exists(file) ? " (not a readable file)" : " (no such file)")
                    + ". Give the path of the subscriber CSV.");
            return 1;
        }
        try {
            // A wrong file is said before the embedded PostgreSQL takes seconds to start (or is created).
            SubscriberImport.checkHeader(file);
        } catch (SubscriberImportException e) {
            err.println("hyperlocal: " + e.getMessage());
            return 1;
        }
        Settings settings = new Settings(arguments, environment);
        boolean interactive = ProgressBar.isTerminal() && !"true".equalsIgnoreCase(environment.get("CI"));
        long start = System.nanoTime();
        try (Database database = Database.open(settings, err)) {
            migrate(database);
            ImportReport report = new SubscriberImport(Clock.systemUTC(), new ImportProgress(err, interactive))
                    .run(database.connection(), file);
            print(report, file, (System.nanoTime() - start) / 1e9, out, err);
            return 0;
        } catch (SubscriberImportException | DatabaseException e) {
            err.println("hyperlocal: " + e.getMessage());
            return 1;
        }
    }

    private static void migrate(Database database) {
        try {
            Flyway.configure(ImportCommand.class.getClassLoader())
                    .dataSource(database.url(), database.user(), database.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new DatabaseException("the database schema could not be migrated at " + database.url() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void print(ImportReport report, Path file, double seconds, PrintStream out, PrintStream err) {
        for (Rejection rejection : report.firstRejections()) {
            err.println("  line " + rejection.line() + ": " + rejection.reason());
        }
        if (report.rejected() > report.firstRejections().size()) {
            err.printf(Locale.ROOT, "  ... and %,d more%n", report.rejected() - report.firstRejections().size());
        }
        out.printf(Locale.ROOT, "Imported %s in %.1f s (%,.0f rows/s): %,d inserted, %,d updated, %,d unchanged, %,d rejected.%n",
                file.getFileName(), seconds, seconds > 0 ? report.rows() / seconds : 0, report.inserted(), report.updated(),
                report.unchanged(), report.rejected());
        if (report.rejected() > 0) {
            out.println("Every rejected row, with its line and reason: " + report.rejectedFile());
        }
    }

    /**
     * The database of the import, and {@code stop}, which stops the embedded PostgreSQL when the
     * import started it and does nothing otherwise.
     */
    private record Database(String url, String user, String password, Connection connection, Runnable stop)
            implements AutoCloseable {

        static Database open(Settings settings, PrintStream err) {
            String user = settings.find("db-user", "hyperlocal.db.user").orElse(EmbeddedPostgres.USERNAME);
            String password = settings.find("db-password", "hyperlocal.db.password").orElse("");
            var external = settings.find("db-url", "hyperlocal.db.url");
            if (external.isPresent()) {
                return connect(external.get(), user, password, () -> {});
            }
            Path dataDir = settings.path("data-dir", "hyperlocal.data.dir", Settings.home().resolve("data"));
            Path postgres = dataDir.resolve("postgres");
            OptionalInt running;
            try {
                running = EmbeddedPostgres.runningPort(postgres);
            } catch (RuntimeException e) {
                throw new DatabaseException(e.getMessage(), e);
            }
            if (running.isPresent()) {
                err.println("Using the embedded PostgreSQL running on " + postgres + " (port " + running.getAsInt() + ")");
                return connect("jdbc:postgresql://127.0.0.1:" + running.getAsInt() + "/" + EmbeddedPostgres.DATABASE,
                        EmbeddedPostgres.USERNAME, "", () -> {});
            }
            err.println("Starting the embedded PostgreSQL in " + postgres + " for the import ...");
            EmbeddedPostgres started;
            try {
                started = EmbeddedPostgres.start(postgres);
            } catch (RuntimeException e) {
                throw new DatabaseException("the embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
            // Ctrl-C ends the JVM through its shutdown hooks: the server must not outlive the import
            // (PostgreSQL rolls the import back when its connection drops). Closing twice is harmless.
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "hyperlocal-import-stop"));
            try {
                return connect(started.jdbcUrl(), started.username(), "", started::close);
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
        }

        private static Database connect(String url, String user, String password, Runnable stop) {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            properties.setProperty("ApplicationName", "hyperlocal-import");
            try {
                // The driver itself rather than DriverManager: no dependence on which class loader registered it.
                Connection connection = new org.postgresql.Driver().connect(url, properties);
                if (connection == null) {
                    throw new DatabaseException(url + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)",
                            null);
                }
                return new Database(url, user, password, connection, stop);
            } catch (SQLException e) {
                throw new DatabaseException("cannot connect to PostgreSQL at " + url + " as " + user + ": " + e.getMessage()
                        + ". Check --db-url, --db-user and --db-password (or HYPERLOCAL_DB_URL, HYPERLOCAL_DB_USER,"
                        + " HYPERLOCAL_DB_PASSWORD).", e);
            }
        }

        /** Without the password. */
        @Override
        public String toString() {
            return "Database[" + url + " as " + user + "]";
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a connection whose work is committed or rolled back; nothing is lost
            }
            stop.run();
        }
    }

    /** The database cannot be reached, started or migrated. */
    private static final class DatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
