package io.hyperlocal.server.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger in PostgreSQL: a journal shipped twice inserts nothing twice, a torn line is left
 * out, a restarted gateway ships what its predecessor left, the ledger refuses to be changed, and
 * the daily totals are the sums of the records; its maintenance is set to stay out of the gateway's way.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class LedgerTest {
    @Inject
    DataSource dataSource;

    @Inject
    LedgerReader reader;

    @TempDir
    Path directory;

    @Test
    void aSegmentShippedAgainAfterACrashInsertsNothingTwice() throws Exception {
        String source = "test://" + UUID.randomUUID();
        Journal journal = Journal.open(directory, FsyncPolicy.NEVER);
        JournalShipper shipper = new JournalShipper(journal, new LedgerWriter(dataSource), 7);
        for (int i = 0; i < 25; i++) {
            journal.append(UsageEvents.write(TestingUsage.record(source, "req_" + i, "subscriber-a")));
        }
        journal.rotate();
        Path segment = journal.closedSegments().get(0);
        byte[] copy = Files.readAllBytes(segment);

        JournalShipper.Pass first = shipper.ship();
        assertThat(first.inserted()).isEqualTo(25);
        assertThat(segment).doesNotExist();
        // The crash came after the insert and before the delete: the segment is still there.
        Files.write(segment, copy);
        JournalShipper.Pass second = shipper.ship();
        assertThat(second.records()).isEqualTo(25);
        assertThat(second.inserted()).isZero();
        assertThat(second.duplicates()).isEqualTo(25);
        assertThat(rows(source)).isEqualTo(25);
        journal.close();
    }

    /** An audit ledger gives back what was written: jsonb would re-order the keys and drop the spacing. */
    @Test
    void theLedgersMaintenanceRunsSlowlyAndSkipsTheEventText() throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet options = statement.executeQuery("""
                        select c.reloptions, a.attstattarget from pg_class c
                        join pg_attribute a on a.attrelid = c.oid and a.attname = 'event'
                        where c.relname = 'usage_ledger'""")) {
            assertThat(options.next()).isTrue();
            assertThat(options.getString(1)).contains("autovacuum_vacuum_cost_delay=20");
            assertThat(options.getInt(2)).isZero();
        }
    }

    @Test
    void theLedgerKeepsTheEventAsTheGatewayJournaledIt() throws Exception {
        String source = "test://" + UUID.randomUUID();
        Journal journal = Journal.open(directory, FsyncPolicy.NEVER);
        JournalShipper shipper = new JournalShipper(journal, new LedgerWriter(dataSource), 10);
        String line = UsageEvents.write(TestingUsage.record(source, "req_exact", "subscriber-a"));
        journal.append(line);
        journal.rotate();
        assertThat(shipper.ship().inserted()).isEqualTo(1);
        journal.close();
        LedgerReader.Row row = reader.after(0, Integer.MAX_VALUE).stream()
                .filter(r -> r.record().source().equals(source))
                .findFirst().orElseThrow();
        assertThat(row.event()).isEqualTo(line);
    }

    @Test
    void eachEventOfABatchStaysWithItsRecordWhateverItsCharacters() throws Exception {
        // A batch travels to PostgreSQL as arrays, which the driver escapes and PostgreSQL unescapes:
        // quotes, backslashes, escaped line breaks and non-ASCII text must come back unchanged, each
        // event with its own record.
        String source = "test://" + UUID.randomUUID();
        List<String> subjects = List.of("plain", "quote \" and backslash \\", "line\nbreak and tab\t", "accents éàü 日本",
                "{\"json\": [1, 2]}, comma", "");
        List<LedgerWriter.Entry> entries = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            entries.add(entry(TestingUsage.record(source, "req_chars_" + i, "subscriber-" + subjects.get(i))));
        }

        assertThat(new LedgerWriter(dataSource).insert(entries)).isEqualTo(subjects.size());

        Map<String, String> stored = new HashMap<>();
        for (LedgerReader.Row row : reader.after(0, Integer.MAX_VALUE)) {
            if (row.record().source().equals(source)) {
                stored.put(row.record().id(), row.event());
                assertThat(UsageEvents.read(row.event())).isEqualTo(row.record());
            }
        }
        assertThat(stored).hasSize(subjects.size());
        for (LedgerWriter.Entry entry : entries) {
            assertThat(stored.get(entry.record().id())).isEqualTo(entry.event());
        }
    }

    @Test
    void aRestartedGatewayShipsWhatItsPredecessorLeftAndSkipsTheTornLine() throws Exception {
        String source = "test://" + UUID.randomUUID();
        Journal dead = Journal.open(directory, FsyncPolicy.NEVER);
        for (int i = 0; i < 3; i++) {
            dead.append(UsageEvents.write(TestingUsage.record(source, "req_" + i, "subscriber-b")));
        }
        // Killed in the middle of the fourth write.
        String fourth = UsageEvents.write(TestingUsage.record(source, "req_3", "subscriber-b"));
        Path segment;
        try (var files = Files.list(directory)) {
            segment = files.filter(file -> file.getFileName().toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        Files.writeString(segment, fourth.substring(0, fourth.length() / 2), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (Journal restarted = Journal.open(directory, FsyncPolicy.NEVER)) {
            JournalShipper shipper = new JournalShipper(restarted, new LedgerWriter(dataSource), 1000);
            restarted.append(UsageEvents.write(TestingUsage.record(source, "req_4", "subscriber-b")));
            assertThat(shipper.ship().tornLines()).isEqualTo(1);
            shipper.ship();
            assertThat(rows(source)).isEqualTo(4);
            assertThat(reader.find("req_3").filter(row -> row.record().source().equals(source))).isEmpty();
            assertThat(restarted.closedSegments()).isEmpty();
        }
    }

    @Test
    void theLedgerRefusesUpdatesDeletesAndTruncation() throws Exception {
        String source = "test://" + UUID.randomUUID();
        new LedgerWriter(dataSource).insert(List.of(entry(TestingUsage.record(source, "req_x", "subscriber-c"))));
        for (String change : List.of("update usage_ledger set prompt_tokens = 0 where source = '" + source + "'",
                "delete from usage_ledger where source = '" + source + "'", "truncate usage_ledger")) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute(change)).as(change).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        assertThat(rows(source)).isEqualTo(1);
    }

    /** Random records, some shipped twice, in random batches: the totals always equal the sums of the rows. */
    @Test
    void dailyTotalsAreTheSumsOfTheRecordsWhateverTheDuplicates() throws Exception {
        Random random = new Random(20261126);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String source = "test://" + run;
        LedgerWriter writer = new LedgerWriter(dataSource);
        List<String> subjects = List.of(run + "-alice", run + "-bob", run + "-carol");
        List<LedgerWriter.Entry> all = new ArrayList<>();
        Instant start = Instant.parse("2026-11-19T22:00:00Z");
        for (int i = 0; i < 400; i++) {
            UsageStatus status = UsageStatus.values()[random.nextInt(3)];
            all.add(entry(TestingUsage.record(source, "req_" + i,
                    start.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60))), subjects.get(random.nextInt(3)),
                    random.nextBoolean() ? "stories260k" : "qwen", random.nextBoolean() ? "fr-par" : "fr-mrs",
                    random.nextInt(500), random.nextInt(500), status)));
        }
        int inserted = 0;
        int shipped = 0;
        while (shipped < all.size()) {
            int size = 1 + random.nextInt(60);
            List<LedgerWriter.Entry> batch = new ArrayList<>(all.subList(shipped, Math.min(all.size(), shipped + size)));
            // Replays of records already shipped, as after a crash before the segment's deletion.
            for (int k = random.nextInt(5); k > 0 && shipped > 0; k--) {
                batch.add(all.get(random.nextInt(shipped)));
            }
            inserted += writer.insert(batch);
            shipped += Math.min(size, all.size() - shipped);
        }
        assertThat(inserted).isEqualTo(400);
        Map<String, long[]> fromRows = new HashMap<>();
        String sums = "select (event_time at time zone 'UTC')::date, subject, subscription_id, model, site, count(*),"
                + " count(*) filter (where status = 'failed'), sum(prompt_tokens), sum(completion_tokens)"
                + " from usage_ledger where source = ? group by 1, 2, 3, 4, 5";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sums)) {
            statement.setString(1, source);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    fromRows.put(rows.getDate(1) + "|" + rows.getString(2) + "|" + rows.getString(3) + "|"
                            + rows.getString(4) + "|" + rows.getString(5),
                            new long[] {rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9)});
                }
            }
        }
        Map<String, long[]> fromTotals = new HashMap<>();
        for (LedgerReader.DailyTotal total : reader.daily(UsageFilter.ALL)) {
            if (subjects.contains(total.subject())) {
                fromTotals.put(total.day() + "|" + total.subject() + "|" + total.subscriptionId() + "|" + total.model()
                        + "|" + total.site(), new long[] {total.requests(), total.failed(), total.promptTokens(),
                                total.completionTokens()});
            }
        }
        assertThat(fromTotals.keySet()).containsExactlyInAnyOrderElementsOf(fromRows.keySet());
        fromRows.forEach((key, sum) -> assertThat(fromTotals.get(key)).as(key).containsExactly(sum));
        assertThat(fromTotals.values().stream().mapToLong(total -> total[0]).sum()).isEqualTo(400);
    }

    private static LedgerWriter.Entry entry(UsageRecord record) {
        return new LedgerWriter.Entry(record, UsageEvents.write(record));
    }

    private long rows(String source) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select count(*) from usage_ledger where source = ?")) {
            statement.setString(1, source);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
