package io.hyperlocal.server.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Tells this replica's pollers that the database changed, through PostgreSQL {@code LISTEN/NOTIFY}
 * (triggers notify channel {@value #CHANNEL} with a {@link Topic}, V10), so that they query when
 * something changed instead of several times a second in case it did.
 *
 * <p>A notification sent while the listener is not connected is lost, so the pollers stay the source of
 * truth and this only tells them when they may skip a query: a {@link Gate} says "poll now" when its
 * topic was signalled since its last poll, when signals are not {@linkplain #listening() known to
 * arrive}, or when its safety interval has passed. Signals count as arriving only once a notification
 * this listener sent itself came back after its {@code LISTEN} (a connection pooler in transaction mode
 * accepts {@code LISTEN} and delivers nothing), and stop counting the moment the connection fails or
 * does not answer its once-a-second check. Every gate is signalled when listening starts, for what
 * changed in between. So a change is seen within milliseconds while signals arrive, and within the
 * pollers' own intervals (as before) while they do not.
 */
public final class ChangeSignals implements AutoCloseable {
    public static final String CHANNEL = "hyperlocal_change";
    /** The listening session's {@code application_name}. */
    public static final String APPLICATION_NAME = "hyperlocal-change-signals";
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(ChangeSignals.class);

    /** What changed; the notification's payload. */
    public enum Topic {
        /** {@code credential_change}: API keys, subscribers, partner applications and their links. */
        CREDENTIALS("credentials"),
        /** {@code tmf_change}: the TMF catalog or inventory, hence entitlements. */
        TMF("tmf"),
        /** {@code tmf_event}: a TMF hub event to deliver. */
        TMF_EVENT("tmf_event");

        private final String payload;

        Topic(String payload) {
            this.payload = payload;
        }

        public String payload() {
            return payload;
        }
    }

    private final DataSource dataSource;
    private final LongSupplier nanoTime;
    private final Map<Topic, List<Gate>> gates = new EnumMap<>(Topic.class);
    private final Thread thread;
    private volatile boolean listening;
    private volatile boolean running = true;

    private ChangeSignals(DataSource dataSource, LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.nanoTime = nanoTime;
        for (Topic topic : Topic.values()) {
            gates.put(topic, new CopyOnWriteArrayList<>());
        }
        this.thread = new Thread(this::run, "hyperlocal-change-signals");
        thread.setDaemon(true);
    }

    /** Starts listening on a connection of {@code dataSource}, held until {@link #close()}. */
    public static ChangeSignals start(DataSource dataSource) {
        ChangeSignals signals = new ChangeSignals(Objects.requireNonNull(dataSource, "dataSource is null"), System::nanoTime);
        signals.thread.start();
        return signals;
    }

    /** Signals that never arrive: every gate polls on every tick, as if there were no listener. */
    public static ChangeSignals none() {
        return new ChangeSignals(null, System::nanoTime);
    }

    /** Whether notifications are known to arrive right now. */
    public boolean listening() {
        return listening;
    }

    /**
     * A gate for one poller of {@code topic}. When the topic is signalled, {@code tick} is handed to
     * {@code executor} (the poller's own thread), so the poller queries at once instead of at its next
     * tick; an executor already shut down is skipped.
     */
    public Gate gate(Topic topic, Duration safetyInterval, Executor executor, Runnable tick) {
        Gate gate = new Gate(safetyInterval, executor, tick);
        gates.get(topic).add(gate);
        return gate;
    }

    /** One poller's view: whether its next tick must query the database. */
    public final class Gate {
        private final long safetyNanos;
        private final Executor executor;
        private final Runnable tick;
        private final AtomicBoolean signalled = new AtomicBoolean(true);
        private volatile long polledAt;

        private Gate(Duration safetyInterval, Executor executor, Runnable tick) {
            if (safetyInterval.isNegative() || safetyInterval.isZero()) {
                throw new IllegalArgumentException("safetyInterval must be positive: " + safetyInterval);
            }
            this.safetyNanos = safetyInterval.toNanos();
            this.executor = Objects.requireNonNull(executor, "executor is null");
            this.tick = Objects.requireNonNull(tick, "tick is null");
            this.polledAt = nanoTime.getAsLong();
        }

        /**
         * Whether to query now; when it says yes, the poll counts as done from now on (a signal arriving
         * during the query makes the next call say yes again).
         */
        public boolean pollNow() {
            long now = nanoTime.getAsLong();
            boolean due = signalled.getAndSet(false) || !listening || now - polledAt >= safetyNanos;
            if (due) {
                polledAt = now;
            }
            return due;
        }

        void signal() {
            signalled.set(true);
            try {
                executor.execute(tick);
            } catch (RejectedExecutionException stopped) {
                // The poller is shutting down: nothing more to read.
            }
        }
    }

    private void signalAll() {
        gates.values().forEach(list -> list.forEach(Gate::signal));
    }

    private void run() {
        boolean warned = false;
        while (running) {
            Connection connection = null;
            try {
                connection = dataSource.getConnection();
                PGConnection pg = connection.unwrap(PGConnection.class);
                try (Statement listen = connection.createStatement()) {
                    // Named for pg_stat_activity; the session is discarded afterwards, its name with it.
                    listen.execute("set application_name = '" + APPLICATION_NAME + "'");
                    listen.execute("listen " + CHANNEL);
                }
                probe(pg);
                // Signalled first: a poll that takes the signal runs after the LISTEN, so it sees every
                // change committed before it, and the notifications tell of every change after.
                signalAll();
                listening = true;
                if (warned) {
                    LOG.info("Database change notifications arrive again; pollers query only when something changed");
                    warned = false;
                }
                listen(connection, pg);
            } catch (SQLException | RuntimeException e) {
                boolean was = listening;
                listening = false;
                if (running && (was || !warned)) {
                    LOG.warnf("Database change notifications do not arrive (%s); credentials, entitlements and TMF "
                            + "events are polled several times a second until they do", e.getMessage());
                    warned = true;
                }
            } finally {
                listening = false;
                if (connection != null) {
                    discard(connection);
                }
            }
            if (running) {
                sleep(RETRY_AFTER);
            }
        }
    }

    /** A session that listened must serve no one else: aborted, the pool destroys it instead of taking it back. */
    private static void discard(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // The pool marks it for destruction either way.
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // Already gone.
        }
    }

    /** Sends a notification from another connection and waits for it: proof that notifications arrive. */
    private void probe(PGConnection pg) throws SQLException {
        String payload = "probe:" + UUID.randomUUID();
        try (Connection other = dataSource.getConnection();
                PreparedStatement notify = other.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, payload);
            notify.execute();
        }
        long deadline = nanoTime.getAsLong() + PROBE_TIMEOUT.toNanos();
        while (nanoTime.getAsLong() < deadline) {
            PGNotification[] received = pg.getNotifications((int) Math.max(1, (deadline - nanoTime.getAsLong()) / 1_000_000));
            if (received != null) {
                for (PGNotification notification : received) {
                    if (payload.equals(notification.getParameter())) {
                        return;
                    }
                }
            }
        }
        throw new SQLException("a test notification did not come back within " + PROBE_TIMEOUT.toMillis()
                + " ms (a connection pooler in transaction mode does not deliver them)");
    }

    private void listen(Connection connection, PGConnection pg) throws SQLException {
        long checkedAt = nanoTime.getAsLong();
        while (running) {
            PGNotification[] received = pg.getNotifications((int) CHECK_EVERY.toMillis());
            if (received != null && received.length > 0) {
                checkedAt = nanoTime.getAsLong();
                for (PGNotification notification : received) {
                    dispatch(notification.getParameter());
                }
            } else if (nanoTime.getAsLong() - checkedAt >= CHECK_EVERY.toNanos()) {
                // A quiet connection may be a dead one (a partition sends nothing): ask it, so that the
                // pollers take over within about a second of losing it.
                if (!connection.isValid((int) PROBE_TIMEOUT.toSeconds())) {
                    throw new SQLException("the listening connection does not answer");
                }
                checkedAt = nanoTime.getAsLong();
            }
        }
    }

    private void dispatch(String payload) {
        for (Topic topic : Topic.values()) {
            if (topic.payload.equals(payload)) {
                gates.get(topic).forEach(Gate::signal);
                return;
            }
        }
        // Probes of earlier connections, and topics of newer replicas: nothing to do.
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops listening, within about a second; its connection is closed. */
    @Override
    public void close() {
        running = false;
        listening = false;
        if (thread.isAlive()) {
            try {
                thread.join(CHECK_EVERY.multipliedBy(3).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
