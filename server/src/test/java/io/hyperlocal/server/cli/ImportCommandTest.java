package io.hyperlocal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.server.database.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./hyperlocal import subscribers} as an operator runs it, on a temporary data directory. */
class ImportCommandTest {
    private static final int ROWS = 3000;

    @TempDir
    Path work;

    @Test
    void importsIntoAFreshDataDirectoryThenChangesNothingOnTheSameFile() throws Exception {
        Path data = work.resolve("data");
        Path csv = subscribers(ROWS);

        Run first = importFile(csv, "--data-dir", data.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("2,997 inserted, 0 updated, 0 unchanged, 3 rejected.");
        assertThat(first.err()).contains("Starting the embedded PostgreSQL in " + data.resolve("postgres"))
                .contains("line 1001: country 'XX'", "line 2001: msisdn '0612345678'", "line 3001: missing column");
        // The database was started for the import and stopped after it.
        assertThat(EmbeddedPostgres.runningPort(data.resolve("postgres"))).isEmpty();
        List<String> rejected = Files.readAllLines(work.resolve("subscribers.rejected.csv"));
        assertThat(rejected).hasSize(4).startsWith("line,reason,row");
        assertThat(rejected.get(1)).startsWith("1001,").endsWith(",\"S1000,+33600001000,XX,1980,BA-1000\"");

        Run again = importFile(csv, "--data-dir", data.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("0 inserted, 0 updated, 2,997 unchanged, 3 rejected.");
    }

    @Test
    void usesTheEmbeddedDatabaseThatUpIsRunningAndLeavesItRunning() throws Exception {
        Path data = work.resolve("data");
        try (EmbeddedPostgres running = EmbeddedPostgres.start(data.resolve("postgres"))) {
            Run run = importFile(subscribers(10), "--data-dir", data.toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).contains("Using the embedded PostgreSQL running on").doesNotContain("Starting");
            assertThat(EmbeddedPostgres.runningPort(data.resolve("postgres"))).hasValue(running.port());
            assertThat(count(running.jdbcUrl())).isEqualTo(10);
        }
    }

    @Test
    void anExternalDatabaseIsNamedByUrlOrEnvironment() throws Exception {
        try (EmbeddedPostgres external = EmbeddedPostgres.start(work.resolve("external"))) {
            Run byOption = importFile(subscribers(5), "--db-url", external.jdbcUrl(), "--db-user", "postgres");
            assertThat(byOption.code()).as(byOption.err()).isZero();
            assertThat(byOption.err()).doesNotContain("embedded");
            Path more = Files.writeString(work.resolve("more.csv"), "id,msisdn,country,billing_account\nM1,+33700000001,FR,BA\n");
            Run byEnvironment = run(Map.of("HYPERLOCAL_DB_URL", external.jdbcUrl()), "subscribers", more.toString());
            assertThat(byEnvironment.code()).as(byEnvironment.err()).isZero();
            assertThat(count(external.jdbcUrl())).isEqualTo(6);

            Run badHeader = importFile(Files.writeString(work.resolve("bad.csv"), "id,phone\n"), "--db-url",
                    external.jdbcUrl());
            assertThat(badHeader.code()).isEqualTo(1);
            assertThat(badHeader.err()).contains("missing: msisdn, country, billing_account", "unknown: 'phone'");
        }
    }

    @Test
    void exitCodesSayWhetherTheCommandTheFileOrTheDatabaseIsAtFault() throws Exception {
        Run noFile = main("import", "subscribers");
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.err()).contains("takes one CSV file", "Usage: ./hyperlocal");
        assertThat(main("import", "sites", "x.csv").code()).isEqualTo(2);
        assertThat(main("import", "subscribers", "x.csv", "--colour", "red").err()).contains("unknown option --colour");

        Run missing = importFile(work.resolve("absent.csv"), "--data-dir", work.resolve("data").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");

        Path data = work.resolve("fresh-data");
        Run wrongFile = importFile(Files.writeString(work.resolve("wrong.csv"), "id,msisdn\n1,+33600000001\n"),
                "--data-dir", data.toString());
        assertThat(wrongFile.code()).isEqualTo(1);
        assertThat(wrongFile.err()).contains("missing: country, billing_account").doesNotContain("PostgreSQL");
        assertThat(data).as("no database started for a file that cannot be imported").doesNotExist();

        Run noDatabase = importFile(subscribers(1), "--db-url", "jdbc:postgresql://127.0.0.1:1/hyperlocal?connectTimeout=2");
        assertThat(noDatabase.code()).isEqualTo(1);
        assertThat(noDatabase.err()).contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/", "--db-url");
    }

    private Path subscribers(int rows) throws Exception {
        StringBuilder csv = new StringBuilder("id,msisdn,country,birth_year,billing_account\n");
        for (int i = 1; i <= rows; i++) {
            String row = "S" + i + ",+3360000" + String.format("%04d", i) + ",FR,1980,BA-" + i;
            if (i == 1000) {
                row = row.replace("FR", "XX");
            } else if (i == 2000) {
                row = "S" + i + ",0612345678,FR,1980,BA-" + i;
            } else if (i == 3000) {
                row = "S" + i + ",+33600003000";
            }
            csv.append(row).append('\n');
        }
        return Files.writeString(work.resolve("subscribers.csv"), csv);
    }

    /** {@code import subscribers CSV options...} with an environment of its own (none of the machine's). */
    private Run importFile(Path csv, String... options) {
        List<String> args = new ArrayList<>(List.of("subscribers", csv.toString()));
        args.addAll(List.of(options));
        return run(Map.of(), args.toArray(String[]::new));
    }

    private static Run run(Map<String, String> environment, String... importArgs) {
        Output output = new Output();
        int code = ImportCommand.run(List.of(importArgs), environment, output.out, output.err);
        return output.result(code);
    }

    /** The whole command line, through {@link Main}, as the launcher runs it. */
    private static Run main(String... args) {
        Output output = new Output();
        return output.result(Main.run(List.of(args), output.out, output.err));
    }

    private static final class Output {
        final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

        Run result(int code) {
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static long count(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from subscriber")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private record Run(int code, String out, String err) {}
}
