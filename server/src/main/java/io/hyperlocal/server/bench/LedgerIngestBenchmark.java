package io.hyperlocal.server.bench;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalPropertiesReader;
import io.hyperlocal.server.database.EmbeddedPostgres;
import io.hyperlocal.server.gateway.RequestIds;
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
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Ledger ingest: durable usage records per second, journal to PostgreSQL, end to end.
 *
 * <p>Workload: {@code records} usage records (realistic CloudEvents from {@code subjects}
 * subscribers, 2 models, 2 sites) appended to a fresh journal by {@code threads} threads, as
 * concurrent requests would, then shipped by the real {@link JournalShipper} into
 * {@code usage_ledger} (with the daily totals) of a fresh embedded PostgreSQL, in batches of
 * {@code batch-size}. It prints the append rate (the cost on the request path), the ship rate, the
 * end-to-end rate from the first append to the last commit, and the write-ahead log's bytes a record
 * with the full-page images and checkpoints among them ({@link WriteAheadLog}); then the same appends
 * with {@code fsync always}. One warm-up round of 10 000 records is not
 * counted.
 *
 * <p>The records arrive five a millisecond, with request ids shaped as the gateway makes them (time
 * first), or with {@code --ids random} wholly random, as the gateway made them before: the ledger's
 * unique index on the ids costs more as it grows when its inserts land anywhere in it. Each record's
 * subscriber is drawn at random among {@code subjects}: with many, a batch touches the ledger's index
 * by subscriber and the daily totals at about as many places as it has records.
 *
 * <p>Run: {@code ./hyperlocal bench ledger [--records 200000] [--batch-size 1000] [--threads 8]
 * [--ids ordered] [--subjects 6]}.
 */
public final class LedgerIngestBenchmark {
    private static final long FIRST_MILLIS = 1_795_000_000_000L;

    /** How the benchmark's request ids are made. */
    public enum Ids {
        /** As the gateway makes them: the time first, then random bits ({@link RequestIds}). */
        ORDERED,
        /** Twenty-four random hex digits, as the gateway made them until 2026-11-28. */
        RANDOM
    }

    /** What one run inserts, and how. */
    public record Workload(int records, int batchSize, int threads, Ids ids, int subjects) {
        public Workload {
            positive("records", records);
            positive("batchSize", batchSize);
            positive("threads", threads);
            positive("subjects", subjects);
            Objects.requireNonNull(ids, "ids is null");
        }

        private static void positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("a ledger workload's " + name + " must be positive: " + value);
            }
        }
    }

    private LedgerIngestBenchmark() {}

    public static int run(Path workDir, Workload workload, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "Ledger ingest: %d records from %d subscribers, %d appending threads, batches of %d, "
                + "%s request ids%n", workload.records(), workload.subjects(), workload.threads(),
                workload.batchSize(), workload.ids().name().toLowerCase(Locale.ROOT));
        try (EmbeddedPostgres database = EmbeddedPostgres.start(workDir.resolve("postgres"));
                AgroalDataSource dataSource = dataSource(database)) {
            createLedger(dataSource);
            LedgerWriter writer = new LedgerWriter(dataSource);
            round(workDir.resolve("warm-up"), dataSource, writer, workload, 10_000, FsyncPolicy.NEVER, "warm-up", null);
            round(workDir.resolve("never"), dataSource, writer, workload, workload.records(), FsyncPolicy.NEVER,
                    "fsync never", out);
            round(workDir.resolve("always"), dataSource, writer, workload, Math.min(workload.records(), 20_000),
                    FsyncPolicy.ALWAYS, "fsync always", out);
        }
        return 0;
    }

    private static void round(Path journalDir, AgroalDataSource dataSource, LedgerWriter writer, Workload workload,
            int records, FsyncPolicy fsync, String name, PrintStream out) throws Exception {
        int threads = workload.threads();
        String source = "bench://" + journalDir.getFileName() + "/" + System.nanoTime();
        try (Journal journal = Journal.open(journalDir, fsync)) {
            JournalShipper shipper = new JournalShipper(journal, writer, workload.batchSize());
            // Read before the clock starts (it closes the pool's idle connections and waits for them), and only
            // for a round that is reported.
            WriteAheadLog walBefore = out == null ? null : WriteAheadLog.read(dataSource);
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                appenders.add(pool.submit(() -> {
                    for (int i = first; i < records; i += threads) {
                        journal.appendLine(UsageEvents.line(record(source, i, workload)));
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
                WriteAheadLog walAfter = WriteAheadLog.read(dataSource);
                out.printf(Locale.ROOT, "  %-13s append %,10.0f records/s   ship %,9.0f records/s   end to end %,9.0f "
                        + "durable records/s  (%d records, %.2f s)%n", name, rate(records, start, appended),
                        rate(records, appended, shipped), rate(records, start, shipped), records,
                        (shipped - start) / 1e9);
                out.printf(Locale.ROOT, "  %-13s write-ahead log %,.0f bytes a record, %.3f full-page images a record, "
                        + "%d checkpoints%n", "", (double) (walAfter.position() - walBefore.position()) / records,
                        (double) (walAfter.fullPageImages() - walBefore.fullPageImages()) / records,
                        walAfter.checkpoints() - walBefore.checkpoints());
            }
        }
    }

    private static double rate(int records, long fromNanos, long toNanos) {
        return records / ((toNanos - fromNanos) / 1e9);
    }

    /**
     * The i-th record, received {@code i / 5} ms after the first: five requests a millisecond, as at
     * 5,000 requests a second.
     */
    private static UsageRecord record(String source, int i, Workload workload) {
        long millis = FIRST_MILLIS + i / 5;
        String id = switch (workload.ids()) {
            case ORDERED -> RequestIds.of(millis, mix(i));
            case RANDOM -> "req_%016x%08x".formatted(mix(i), mix(~i) >>> 32);
        };
        // Scrambled apart from the id's random bits (mix(i)), so that subscriber and id are unrelated.
        int who = (int) Long.remainderUnsigned(mix(i + 1_000_000_007L), workload.subjects());
        String subscriber = "subscriber-" + who;
        return new UsageRecord(id, source, Instant.ofEpochMilli(millis), subscriber,
                subscriber, i % 3 == 0 ? "partner-app-1" : "", "key-" + who, "subscription-" + who,
                "ai-assistant-pro", "chat.completions", i % 2 == 0 ? "stories260k" : "qwen2.5-0.5b-instruct",
                i % 4 < 2 ? "fr-par" : "fr-mrs", "FR", 20 + i % 50, 100 + i % 200,
                i % 50 == 0 ? UsageStatus.FAILED : UsageStatus.COMPLETED, i % 50 == 0 ? "engine_failed" : "", 2, 40,
                900);
    }

    /** A fixed scramble of the record's number (SplitMix64's finaliser): random-looking, repeatable bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
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
