package io.hyperlocal.server.access;

import io.hyperlocal.server.database.ChangeSignals;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Tells this replica's caches what any replica changed, by reading {@code credential_change} (filled
 * by triggers, V7) on a daemon thread. With {@link ChangeSignals} that arrive, it reads when a change
 * was committed (a notification, V10: a revocation is seen within milliseconds) and every
 * {@link #SAFETY_INTERVAL}; while they do not arrive it reads on every tick, every 250 ms by default, so
 * a revocation is seen within one interval plus one query either way.
 *
 * <p>Why the poll stays: a notification sent while the listener's connection is down is lost, and a
 * connection pooler may not deliver them at all; the signals only say when a poll may be skipped.
 *
 * <p>Rows are read by sequence number, and again while younger than {@link #LATE_COMMIT_WINDOW}: a
 * sequence number is taken at insert, not at commit, so a transaction may commit a lower number
 * after a higher one was read. Each row is delivered once.
 *
 * <p>When a poll fails, the listener is told to forget everything: it then reads the database on
 * each use (and fails while the database is unreachable) rather than trust a cache that may miss a
 * revocation: this fails closed.
 */
public final class ChangeFeed implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    /** How often it reads even though no notification came, while they arrive. */
    static final Duration SAFETY_INTERVAL = Duration.ofSeconds(5);
    static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    static final Duration LATE_COMMIT_WINDOW = Duration.ofSeconds(10);
    static final Duration RETENTION = Duration.ofHours(1);
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);
    private static final int QUERY_TIMEOUT_SECONDS = 2;
    private static final String POLL = "select seq, kind, reference from credential_change"
            + " where seq > ? or changed_at > now() - make_interval(secs => ?) order by seq";

    /** Receives the changes. Called on the feed's thread, one call at a time. */
    public interface Listener {
        void changed(Change change);

        /** Forget everything cached: changes may have been missed. */
        void reset();
    }

    private final DataSource dataSource;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final ChangeSignals.Gate gate;
    private long lastSeq = -1;
    private Set<Long> recent = Set.of();
    private long prunedAt = System.nanoTime();
    private boolean failing;

    private ChangeFeed(DataSource dataSource, Duration interval, ChangeSignals signals, Listener listener) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
        this.listener = Objects.requireNonNull(listener, "listener is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, "hyperlocal-credential-changes");
            daemon.setDaemon(true);
            return daemon;
        });
        this.gate = signals.gate(ChangeSignals.Topic.CREDENTIALS, SAFETY_INTERVAL, thread, this::tick);
        thread.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts polling at once, then every {@code interval}, whether or not anything changed. */
    public static ChangeFeed start(DataSource dataSource, Duration interval, Listener listener) {
        return start(dataSource, interval, ChangeSignals.none(), listener);
    }

    /** Starts polling at once, then when {@code signals} say so, checking every {@code interval}. */
    public static ChangeFeed start(DataSource dataSource, Duration interval, ChangeSignals signals, Listener listener) {
        return new ChangeFeed(dataSource, interval, signals, listener);
    }

    private void tick() {
        if (gate.pollNow()) {
            pollSafely();
        }
    }

    private void pollSafely() {
        try {
            poll();
            if (failing) {
                LOG.info("The credential change feed reads the database again");
                failing = false;
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                LOG.warnf("The credential change feed cannot read the database (%s): API keys and subscribers are "
                        + "read from the database on every request until it can", e.getMessage());
                failing = true;
            }
            listener.reset();
        }
    }

    private void poll() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (lastSeq < 0) {
                // What happened before this start is irrelevant: nothing is cached yet.
                try (Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("select coalesce(max(seq), 0) from credential_change")) {
                    rows.next();
                    lastSeq = rows.getLong(1);
                }
            }
            Set<Long> seen = new HashSet<>();
            try (PreparedStatement statement = connection.prepareStatement(POLL)) {
                statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                statement.setLong(1, lastSeq);
                statement.setDouble(2, LATE_COMMIT_WINDOW.toSeconds());
                try (ResultSet rows = statement.executeQuery()) {
                    long highest = lastSeq;
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        seen.add(seq);
                        if (seq > lastSeq || !recent.contains(seq)) {
                            listener.changed(new Change(Change.Kind.parse(rows.getString(2)), rows.getString(3)));
                        }
                        highest = Math.max(highest, seq);
                    }
                    lastSeq = highest;
                }
            }
            recent = seen;
            if (System.nanoTime() - prunedAt >= PRUNE_EVERY.toNanos()) {
                prune(connection);
                prunedAt = System.nanoTime();
            }
        }
    }

    /** Every replica prunes; deleting rows twice is harmless. */
    private static void prune(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "delete from credential_change where changed_at < now() - make_interval(secs => ?)")) {
            statement.setDouble(1, RETENTION.toSeconds());
            statement.executeUpdate();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
