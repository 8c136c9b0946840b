package io.hyperlocal.server.metering;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.config.HyperlocalConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The gateway's side of the usage ledger: {@link #append} makes a record durable in the local
 * journal ({@code <data-dir>/metering/}) before the request's answer ends, without touching the
 * database; a background thread ships the journal to PostgreSQL every
 * {@code hyperlocal.metering.ship-interval}. At start-up whatever an earlier process left in the
 * journal is shipped first; at shutdown the journal is drained.
 *
 * <p>Metrics: {@code hyperlocal_usage_records_journaled_total},
 * {@code hyperlocal_usage_records_shipped_total{result=inserted|duplicate}},
 * {@code hyperlocal_usage_journal_torn_lines_total}, {@code hyperlocal_usage_ship_failures_total},
 * {@code hyperlocal_usage_ship_seconds} (one pass), and the lag gauges
 * {@code hyperlocal_usage_ledger_lag_seconds} (how old the oldest record not yet in the ledger may
 * be; 0 when all are in) and {@code hyperlocal_usage_journal_open_records}.
 */
@Singleton
public class UsageLedger {
    private static final Logger LOG = Logger.getLogger(UsageLedger.class);

    private final Clock clock;
    private final String source;
    private final Journal journal;
    private final JournalShipper shipper;
    private final long intervalMillis;
    private final ReentrantLock shipping = new ReentrantLock();
    /** Everything journaled before this instant (epoch ms) is in the ledger. */
    private final AtomicLong caughtUpAt;
    private final Counter journaled;
    private final Counter inserted;
    private final Counter duplicates;
    private final Counter tornLines;
    private final Counter failures;
    private final Timer passes;
    private volatile Thread thread;
    private volatile boolean running;

    @Inject
    public UsageLedger(HyperlocalConfig config, DataSource dataSource, MeterRegistry registry) {
        this(config, dataSource, registry, Clock.systemUTC());
    }

    UsageLedger(HyperlocalConfig config, DataSource dataSource, MeterRegistry registry, Clock clock) {
        var metering = config.metering();
        if (metering.shipInterval().isNegative() || metering.shipInterval().isZero()) {
            throw new IllegalArgumentException("hyperlocal.metering.ship-interval must be positive: "
                    + metering.shipInterval());
        }
        this.clock = clock;
        this.source = metering.source().orElseGet(() -> defaultSource(config.port()));
        Path directory = config.data().dir().resolve("metering");
        try {
            this.journal = Journal.open(directory, metering.fsync());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the usage journal in " + directory + " (" + e.getMessage()
                    + "); the gateway records every request there before answering. Check that the data directory "
                    + "(hyperlocal.data.dir) is writable.", e);
        }
        this.shipper = new JournalShipper(journal, new LedgerWriter(dataSource), metering.batchSize());
        this.intervalMillis = metering.shipInterval().toMillis();
        this.caughtUpAt = new AtomicLong(clock.millis());
        this.journaled = registry.counter("hyperlocal_usage_records_journaled_total");
        this.inserted = registry.counter("hyperlocal_usage_records_shipped_total", "result", "inserted");
        this.duplicates = registry.counter("hyperlocal_usage_records_shipped_total", "result", "duplicate");
        this.tornLines = registry.counter("hyperlocal_usage_journal_torn_lines_total");
        this.failures = registry.counter("hyperlocal_usage_ship_failures_total");
        this.passes = Timer.builder("hyperlocal_usage_ship_seconds").register(registry);
        Gauge.builder("hyperlocal_usage_ledger_lag_seconds", this, UsageLedger::lagSeconds).register(registry);
        Gauge.builder("hyperlocal_usage_journal_open_records", journal, Journal::openRecords).register(registry);
    }

    /** {@code hyperlocal://<host>:<port>}: stable across restarts of the same gateway. */
    static String defaultSource(int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return "hyperlocal://" + host + ":" + port;
    }

    /** The CloudEvents source of the records of this gateway. */
    public String source() {
        return source;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Makes the record durable in the journal: when this returns, a killed process loses nothing.
     *
     * @throws HyperlocalException {@code USAGE_NOT_RECORDED} when the journal could not be written
     */
    public void append(UsageRecord record) {
        try {
            journal.appendLine(UsageEvents.line(record));
            journaled.increment();
        } catch (IOException e) {
            LOG.errorf(e, "Could not write the usage record of %s to the journal in %s", record.id(),
                    journal.directory());
            throw new HyperlocalException(ErrorCode.USAGE_NOT_RECORDED, "The usage of request " + record.id()
                    + " could not be recorded (" + e.getMessage() + "), so its answer is withheld. The operator "
                    + "should check the disk of " + journal.directory() + "; retrying later is safe.");
        }
    }

    /**
     * Ships the whole journal now, from the calling thread (tests, shutdown, benchmarks): when it
     * returns, every record appended before the call is in the ledger.
     */
    public JournalShipper.Pass shipNow() {
        shipping.lock();
        try {
            return shipOnce();
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("Shipping the usage journal failed: " + e.getMessage(), e);
        } finally {
            shipping.unlock();
        }
    }

    /** One pass; the caller holds the shipping lock. Everything in the journal before its start gets in. */
    private JournalShipper.Pass shipOnce() throws IOException, java.sql.SQLException {
        long started = clock.millis();
        long startNanos = System.nanoTime();
        JournalShipper.Pass pass = shipper.ship();
        // A second pass catches the segment the first one may have left open behind older ones.
        if (pass.segments() > 0 && journal.openRecords() > 0) {
            pass = pass.plus(shipper.ship());
        }
        passes.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        inserted.increment(pass.inserted());
        duplicates.increment(pass.duplicates());
        tornLines.increment(pass.tornLines());
        if (journal.closedSegments().isEmpty()) {
            caughtUpAt.set(started);
        }
        return pass;
    }

    private double lagSeconds() {
        try {
            if (journal.openRecords() == 0 && journal.closedSegments().isEmpty()) {
                return 0;
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Math.max(0, clock.millis() - caughtUpAt.get()) / 1000.0;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "usage-shipper");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Usage journal in %s, shipped to the ledger every %d ms (source %s)", journal.directory(),
                intervalMillis, source);
    }

    private void loop() {
        long backoff = intervalMillis;
        while (running) {
            shipping.lock();
            try {
                JournalShipper.Pass pass = shipOnce();
                if (pass.duplicates() > 0) {
                    LOG.infof("Usage journal: %d records were already in the ledger (shipped before a restart)",
                            pass.duplicates());
                }
                backoff = intervalMillis;
            } catch (IOException | java.sql.SQLException | RuntimeException e) {
                failures.increment();
                LOG.warnf("Shipping the usage journal to the ledger failed (%s); the records stay in %s and are "
                        + "retried in %d ms", e.getMessage(), journal.directory(), backoff);
                backoff = Math.min(backoff * 2, 30_000);
            } finally {
                shipping.unlock();
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the shipper, ships what is left, and closes the journal; whatever cannot be shipped waits for the next start. */
    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread shipperThread = thread;
        if (shipperThread != null) {
            shipperThread.interrupt();
            try {
                shipperThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shipping.lock();
        try {
            JournalShipper.Pass pass = shipOnce();
            LOG.infof("Usage journal drained: %d records shipped at shutdown", pass.records());
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
            LOG.warnf("Could not drain the usage journal at shutdown (%s); its records are shipped at the next "
                    + "start from %s", e.getMessage(), journal.directory());
        } finally {
            shipping.unlock();
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warnf("Could not close the usage journal: %s", e.getMessage());
        }
    }

    /** Whether nothing waits in the journal (tests). */
    boolean empty() throws IOException {
        return journal.openRecords() == 0 && journal.closedSegments().isEmpty() && !Files.exists(
                journal.directory().resolve("rejected.jsonl"));
    }
}
