package io.hyperlocal.server.bench;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalPropertiesReader;
import io.hyperlocal.server.database.EmbeddedPostgres;
import io.hyperlocal.server.metering.FsyncPolicy;
import io.hyperlocal.server.metering.Journal;
import io.hyperlocal.server.metering.JournalShipper;
import io.hyperlocal.server.metering.LedgerWriter;
import io.hyperlocal.server.metering.UsageEvents;
import io.hyperlocal.server.metering.UsageRecord;
import io.hyperlocal.server.metering.UsageStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Ledger ingest: durable usage records per second, journal to PostgreSQL, end to end.
 *
 * <p>Workload: {@code records} usage records (realistic CloudEvents, 6 subscribers, 2 models, 2
 * sites) appended to a fresh journal by {@code threads} threads, as concurrent requests would, then
 * shipped by the real {@link JournalShipper} into {@code usage_ledger} (with the daily totals) of a
 * fresh embedded PostgreSQL, in batches of {@code batch-size}. It prints the append rate (the cost
 * on the request path), the ship rate, and the end-to-end rate from the first append to the last
 * commit; then the same appends with {@code fsync always}. One warm-up round of 10 000 records is not
 * counted. Run: {@code ./hyperlocal bench ledger [--records 200000] [--batch-size 1000] [--threads 8]}.
 */
public final class LedgerIngestBenchmark {
    private LedgerIngestBenchmark() {}

    public static int run(Path workDir, int records, int batchSize, int threads, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "Ledger ingest: %d records, %d appending threads, batches of %d%n", records, threads,
                batchSize);
        try (EmbeddedPostgres database = EmbeddedPostgres.start(workDir.resolve("postgres"));
                AgroalDataSource dataSource = dataSource(database)) {
            createLedger(dataSource);
            LedgerWriter writer = new LedgerWriter(dataSource);
            round(workDir.resolve("warm-up"), writer, 10_000, batchSize, threads, FsyncPolicy.NEVER, "warm-up", null);
            round(workDir.resolve("never"), writer, records, batchSize, threads, FsyncPolicy.NEVER, "fsync never", out);
            round(workDir.resolve("always"), writer, Math.min(records, 20_000), batchSize, threads, FsyncPolicy.ALWAYS,
                    "fsync always", out);
        }
        return 0;
    }

    private static void round(Path journalDir, LedgerWriter writer, int records, int batchSize, int threads,
            FsyncPolicy fsync, String name, PrintStream out) throws Exception {
        String source = "bench://" + journalDir.getFileName() + "/" + System.nanoTime();
        try (Journal journal = Journal.open(journalDir, fsync)) {
            JournalShipper shipper = new JournalShipper(journal, writer, batchSize);
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                appenders.add(pool.submit(() -> {
                    for (int i = first; i < records; i += threads) {
                        journal.appendLine(UsageEvents.line(record(source, i)));
                    }
                    return null;
                }));
            }
            for (Future<?> appender : appenders) {
                appender.get();
            }
            pool.shutdown();
            long appended = System.nanoTime();
            int inserted = 0;
            while (inserted < records) {
                JournalShipper.Pass pass = shipper.ship();
                if (pass.records() == 0) {
                    throw new IllegalStateException("the shipper found nothing while " + (records - inserted) + " wait");
                }
                inserted += pass.inserted();
            }
            long shipped = System.nanoTime();
            if (out != null) {
                out.printf(Locale.ROOT, "  %-13s append %,10.0f records/s   ship %,9.0f records/s   end to end %,9.0f "
                        + "durable records/s  (%d records, %.2f s)%n", name, rate(records, start, appended),
                        rate(records, appended, shipped), rate(records, start, shipped), records,
                        (shipped - start) / 1e9);
            }
        }
    }

    private static double rate(int records, long fromNanos, long toNanos) {
        return records / ((toNanos - fromNanos) / 1e9);
    }

    private static UsageRecord record(String source, int i) {
        String subscriber = "subscriber-" + (i % 6);
        return new UsageRecord("req_%024x".formatted(i), source, Instant.ofEpochSecond(1_795_000_000L + i), subscriber,
                subscriber, i % 3 == 0 ? "partner-app-1" : "", "key-" + (i % 6), "subscription-" + (i % 6),
                "ai-assistant-pro", "chat.completions", i % 2 == 0 ? "stories260k" : "qwen2.5-0.5b-instruct",
                i % 4 < 2 ? "fr-par" : "fr-mrs", "FR", 20 + i % 50, 100 + i % 200,
                i % 50 == 0 ? UsageStatus.FAILED : UsageStatus.COMPLETED, i % 50 == 0 ? "engine_failed" : "", 2, 40,
                900);
    }

    private static AgroalDataSource dataSource(EmbeddedPostgres database) throws SQLException {
        return AgroalDataSource.from(new AgroalPropertiesReader().readProperties(Map.of(
                AgroalPropertiesReader.JDBC_URL, database.jdbcUrl(),
                AgroalPropertiesReader.PRINCIPAL, database.username(),
                AgroalPropertiesReader.MAX_SIZE, "4")).get());
    }

    /**
     * The platform's schema, every migration: the ledger as the gateway meets it. Applying only the
     * ledger's first migration once measured a jsonb event and a B-tree time index that later
     * migrations had replaced.
     */
    private static void createLedger(AgroalDataSource dataSource) {
        Flyway.configure(LedgerIngestBenchmark.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
