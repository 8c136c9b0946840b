package io.hyperlocal.server.subscribers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.server.database.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import against a real PostgreSQL migrated with the application's migrations. */
class SubscriberImportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String HEADER = "id,msisdn,country,birth_year,billing_account\n";
    private static EmbeddedPostgres database;
    private static Connection connection;

    @TempDir
    static Path dataDir;

    @TempDir
    Path work;

    @BeforeAll
    static void startDatabase() throws SQLException {
        database = EmbeddedPostgres.start(dataDir.resolve("postgres"));
        Flyway.configure().dataSource(database.jdbcUrl(), database.username(), "").locations("classpath:db/migration")
                .load().migrate();
        connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
    }

    @AfterAll
    static void stopDatabase() throws SQLException {
        connection.close();
        database.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("delete from subscriber");
        }
    }

    @Test
    void insertsThenLeavesAnIdenticalFileUnchangedThenUpdatesWhatChanged() throws Exception {
        Path file = write("subscribers.csv", HEADER
                + "s1,+33612345678,FR,1980,BA-1\n"
                + "s2,+49 151 2345 6789,de,,BA-2\n"
                + "s3,+34-600-123-456,ES,2001,BA-3\n");
        ImportReport first = importFile(file);
        assertThat(counts(first)).containsExactly(3L, 0L, 0L, 0L);
        assertThat(rows()).containsExactly("s1|+33612345678|FR|1980|BA-1", "s2|+4915123456789|DE|null|BA-2",
                "s3|+34600123456|ES|2001|BA-3");
        String updatedAtBefore = query("select updated_at::text from subscriber where id = 's1'");

        ImportReport again = importFile(file);
        assertThat(counts(again)).containsExactly(0L, 0L, 3L, 0L);
        assertThat(query("select updated_at::text from subscriber where id = 's1'")).isEqualTo(updatedAtBefore);

        Files.writeString(file, HEADER
                + "s1,+33612345678,FR,1980,BA-9\n"
                + "s2,+4915123456789,DE,1975,BA-2\n"
                + "s3,+34600123456,ES,2001,BA-3\n"
                + "s4,+33700000001,FR,,BA-4\n");
        ImportReport changed = importFile(file);
        assertThat(counts(changed)).containsExactly(1L, 2L, 1L, 0L);
        assertThat(rows()).containsExactly("s1|+33612345678|FR|1980|BA-9", "s2|+4915123456789|DE|1975|BA-2",
                "s3|+34600123456|ES|2001|BA-3", "s4|+33700000001|FR|null|BA-4");
        assertThat(Files.readString(SubscriberImport.rejectedFileFor(file))).isEqualTo("line,reason,row\n");
    }

    @Test
    void rejectsEachBadRowWithItsLineAndReasonAndImportsTheRest() throws Exception {
        insert("db1", "+33699999999");
        Path file = write("mixed.csv", HEADER
                + "ok1,+33611111111,FR,1990,BA\n"                 // 2
                + "bad1,0612345678,FR,1990,BA\n"                  // 3 national number
                + "bad2,+33622222222,XX,1990,BA\n"                // 4 unknown country
                + "bad3,+33633333333,FR,2027,BA\n"                // 5 born next year
                + "bad4,+33644444444,FR\n"                        // 6 missing columns
                + "ok1,+33655555555,FR,1990,BA\n"                 // 7 id again
                + "ok2,+33611111111,FR,1990,BA\n"                 // 8 MSISDN again in the file
                + "ok3,+33699999999,FR,1990,BA\n"                 // 9 MSISDN of db1
                + "bad 5,+33666666666,FR,1990,BA\n"               // 10 bad id
                + "bad6,+33677777777,FR,1890,BA\n"                // 11 too old
                + "bad7,+33688888888,FR,1990,\n"                  // 12 no billing account
                + "bad8,\"+3361\"2,FR,1990,BA\n"                  // 13 malformed quoting
                + "bad9,+3361234567890123,FR,1990,BA\n"           // 14 16 digits
                + "ok4,+33600000004,FR,1990,BA\n");               // 15
        ImportReport report = importFile(file);
        assertThat(counts(report)).containsExactly(2L, 0L, 0L, 12L);
        List<Rejection> rejections = report.firstRejections();
        assertThat(rejections).extracting(Rejection::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(rejections.get(0).reason()).contains("msisdn", "0612345678", "E.164");
        assertThat(rejections.get(1).reason()).contains("country 'XX'", "ISO 3166-1");
        assertThat(rejections.get(2).reason()).contains("birth_year 2027", "[1900, 2026]");
        assertThat(rejections.get(3).reason()).startsWith("missing column").contains("3 fields", "header 5");
        assertThat(rejections.get(4).reason()).isEqualTo("id ok1 appears again: it is already on line 2");
        assertThat(rejections.get(5).reason()).isEqualTo("msisdn +33611111111 is already used on line 2 (subscriber ok1)");
        assertThat(rejections.get(6).reason()).contains("+33699999999 already belongs to subscriber db1 in the database");
        assertThat(rejections.get(7).reason()).contains("id 'bad 5'");
        assertThat(rejections.get(8).reason()).contains("birth_year 1890");
        assertThat(rejections.get(9).reason()).contains("billing_account");
        assertThat(rejections.get(10).reason()).startsWith("malformed CSV").contains("quote");
        assertThat(rejections.get(11).reason()).contains("16 digits");
        assertThat(rejections.get(4).row()).isEqualTo("ok1,+33655555555,FR,1990,BA");
        assertThat(rows()).containsExactly("db1|+33699999999|FR|null|BA-db1", "ok1|+33611111111|FR|1990|BA",
                "ok4|+33600000004|FR|1990|BA");

        List<String> rejectedFile = Files.readAllLines(report.rejectedFile());
        assertThat(report.rejectedFile()).isEqualTo(work.resolve("mixed.rejected.csv"));
        assertThat(rejectedFile).hasSize(13).first().isEqualTo("line,reason,row");
        assertThat(rejectedFile.get(1)).startsWith("3,msisdn '0612345678' is not an E.164 number")
                .endsWith(",\"bad1,0612345678,FR,1990,BA\"");
        assertThat(rejectedFile.get(11)).endsWith(",\"bad8,\"\"+3361\"\"2,FR,1990,BA\"");
    }

    @Test
    void readsQuotedFieldsAndColumnsInAnyOrderWithoutBirthYear() throws Exception {
        Path file = write("quoted.csv", "\uFEFFbilling_account, Country ,ID,msisdn\r\n"
                + "\"BA, \"\"gold\"\"\",FR,q1,\"+33 6 00 00 00 01\"\r\n"
                + "\r\n"
                + "\"BA\nmultiline\",FR,q2,+33600000002\r\n"
                + "BA3,FR,q3,+33600000003\r\n"
                + "BA4,ZZ,q4,+33600000004");
        ImportReport report = importFile(file);
        assertThat(counts(report)).containsExactly(2L, 0L, 0L, 2L);
        assertThat(rows()).containsExactly("q1|+33600000001|FR|null|BA, \"gold\"", "q3|+33600000003|FR|null|BA3");
        // The multi-line field is refused for its control character, on the line where the row starts,
        // and the rows after it keep their own line numbers (the blank line 3 counts too).
        assertThat(report.firstRejections()).extracting(Rejection::line).containsExactly(4L, 7L);
        assertThat(report.firstRejections().get(0).reason()).contains("billing_account", "control characters");
        assertThat(report.firstRejections().get(0).row()).isEqualTo("\"BA\nmultiline\",FR,q2,+33600000002");
    }

    @Test
    void aFileWithOnlyTheHeaderImportsNothing() throws Exception {
        ImportReport report = importFile(write("header-only.csv", HEADER));
        assertThat(counts(report)).containsExactly(0L, 0L, 0L, 0L);
    }

    @Test
    void anEmptyFileOrAMissingColumnIsAClearErrorAndChangesNothing() throws Exception {
        insert("keep", "+33600000099");
        assertThatThrownBy(() -> importFile(write("empty.csv", "")))
                .isInstanceOf(SubscriberImportException.class)
                .hasMessageContaining("is empty").hasMessageContaining("id,msisdn,country,birth_year,billing_account");
        assertThatThrownBy(() -> importFile(write("no-country.csv", "id,msisdn,birth_year,billing_account\n"
                + "x1,+33600000001,1990,BA\n")))
                .isInstanceOf(SubscriberImportException.class)
                .hasMessageContaining("missing: country");
        assertThatThrownBy(() -> importFile(write("typo.csv", "id,msisdn,country,birthyear,billing_account\n")))
                .isInstanceOf(SubscriberImportException.class)
                .hasMessageContaining("unknown: 'birthyear'");
        assertThatThrownBy(() -> importFile(work.resolve("absent.csv")))
                .isInstanceOf(SubscriberImportException.class).hasMessageContaining("There is no file");
        assertThat(rows()).containsExactly("keep|+33600000099|FR|null|BA-keep");
        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedWholly() throws Exception {
        Path file = work.resolve("latin1.csv");
        Files.write(file, (HEADER + "l1,+33600000001,FR,,Caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> importFile(file)).isInstanceOf(SubscriberImportException.class)
                .hasMessageContaining("not UTF-8");
        assertThat(rows()).isEmpty();
    }

    @Test
    void reportsProgressWhileReading() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 2000; i++) {
            csv.append("p").append(i).append(",+3360").append(String.format("%07d", i)).append(",FR,,BA\n");
        }
        List<Long> seen = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        ImportReport report = new SubscriberImport(CLOCK, new ImportListener() {
            @Override
            public void reading(long rows, long bytesRead, long totalBytes) {
                seen.add(rows);
                assertThat(bytesRead).isLessThanOrEqualTo(totalBytes);
            }

            @Override
            public void step(String description) {
                steps.add(description);
            }
        }).run(connection, write("progress.csv", csv.toString()));
        assertThat(report.inserted()).isEqualTo(2000);
        assertThat(seen).isSorted().contains(512L, 1024L, 1536L).last().isEqualTo(2000L);
        assertThat(steps).containsExactly("Checking 2000 rows for duplicates", "Writing to the subscriber table");
    }

    private ImportReport importFile(Path file) {
        return new SubscriberImport(CLOCK, ImportListener.NONE).run(connection, file);
    }

    private static List<Long> counts(ImportReport report) {
        return List.of(report.inserted(), report.updated(), report.unchanged(), report.rejected());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content);
    }

    private static void insert(String id, String msisdn) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("insert into subscriber (id, msisdn, country, billing_account) values ('" + id + "', '"
                    + msisdn + "', 'FR', 'BA-" + id + "')");
        }
    }

    private static List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select id, msisdn, country, birth_year, billing_account"
                        + " from subscriber order by id")) {
            while (result.next()) {
                rows.add(result.getString(1) + "|" + result.getString(2) + "|" + result.getString(3) + "|"
                        + result.getString(4) + "|" + result.getString(5));
            }
        }
        return rows;
    }

    private static String query(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
