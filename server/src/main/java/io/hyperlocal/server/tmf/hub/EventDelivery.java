package io.hyperlocal.server.tmf.hub;

import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.database.ChangeSignals;
import io.hyperlocal.server.tmf.common.TmfClock;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Posts the outbox's events to their hubs' callbacks ({@code callback + /listener/<eventName>}), at
 * least once. A 2xx answer delivers an event; anything else (an error status, a refused connection,
 * a timeout) schedules another try after {@code hyperlocal.tmf.hub.initial-backoff}, doubling up to
 * {@code max-backoff}; after {@code max-attempts} tries the event is given up and logged. Attempts,
 * the next try and the last error are stored with the event. Each event is claimed under a row lock
 * that other replicas skip, so one replica posts it at a time.
 */
@ApplicationScoped
public class EventDelivery {
    private static final Logger LOG = Logger.getLogger(EventDelivery.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final TmfClock clock;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    /**
     * How often due retries are looked for while notifications arrive: a new event is posted when its
     * notification comes, a retry within this of its time.
     */
    static final Duration RETRY_CHECK = Duration.ofSeconds(1);

    private final ChangeSignals.Gate gate;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hyperlocal-tmf-events");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public EventDelivery(DataSource dataSource, TmfClock clock, HyperlocalConfig config, ChangeSignals signals) {
        this.dataSource = dataSource;
        this.clock = clock;
        var hub = config.tmf().hub();
        if (hub.maxAttempts() < 1) {
            throw new IllegalArgumentException("hyperlocal.tmf.hub.max-attempts must be 1 or more: " + hub.maxAttempts());
        }
        if (hub.initialBackoff().isNegative() || hub.maxBackoff().compareTo(hub.initialBackoff()) < 0) {
            throw new IllegalArgumentException("hyperlocal.tmf.hub.initial-backoff must be positive and at most "
                    + "max-backoff: " + hub.initialBackoff() + ", " + hub.maxBackoff());
        }
        this.maxAttempts = hub.maxAttempts();
        this.initialBackoff = hub.initialBackoff();
        this.maxBackoff = hub.maxBackoff();
        this.gate = signals.gate(ChangeSignals.Topic.TMF_EVENT, RETRY_CHECK, worker, this::tick);
    }

    void onStart(@Observes StartupEvent event) {
        worker.scheduleWithFixedDelay(this::tick, 1, 200, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (!gate.pollNow()) {
            return;
        }
        try {
            deliverDue(clock.now());
        } catch (RuntimeException e) {
            LOG.warn("Event delivery failed; it runs again shortly", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /** A start that fails after polling began fires no ShutdownEvent; the container still destroys its beans. */
    @PreDestroy
    void destroy() {
        worker.shutdownNow();
    }

    /** Tries every event due at {@code now} once; returns how many were delivered. */
    public int deliverDue(Instant now) {
        int delivered = 0;
        for (long id : dueIds(now)) {
            if (attempt(id, now)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** The wait after the {@code attempts}-th failed try. */
    Duration backoff(int attempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private List<Long> dueIds(Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select id from tmf_event where delivered_at "
                        + "is null and gave_up_at is null and next_attempt_at <= ? order by id limit 100")) {
            select.setTimestamp(1, Timestamp.from(now));
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the event outbox: " + e.getMessage(), e);
        }
    }

    private boolean attempt(long id, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement claim = connection.prepareStatement("select e.event_type, e.payload::text, "
                    + "e.attempts, h.callback from tmf_event e join tmf_hub h on h.id = e.hub_id where e.id = ? "
                    + "and e.delivered_at is null and e.gave_up_at is null and e.next_attempt_at <= ? "
                    + "for update of e skip locked")) {
                claim.setLong(1, id);
                claim.setTimestamp(2, Timestamp.from(now));
                try (ResultSet row = claim.executeQuery()) {
                    if (!row.next()) {
                        connection.rollback();
                        return false;
                    }
                    String type = row.getString(1);
                    int attempts = row.getInt(3) + 1;
                    String target = row.getString(4).replaceAll("/+$", "") + "/listener/" + EventOutbox.listenerName(type);
                    String error = post(target, row.getString(2));
                    record(connection, id, attempts, error, now, target, type);
                    connection.commit();
                    return error.isEmpty();
                }
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not deliver event " + id + ": " + e.getMessage(), e);
        }
    }

    private void record(Connection connection, long id, int attempts, String error, Instant now, String target,
            String type) throws SQLException {
        if (error.isEmpty()) {
            try (PreparedStatement done = connection.prepareStatement(
                    "update tmf_event set attempts = ?, delivered_at = ?, last_error = '' where id = ?")) {
                done.setInt(1, attempts);
                done.setTimestamp(2, Timestamp.from(now));
                done.setLong(3, id);
                done.executeUpdate();
            }
            return;
        }
        boolean giveUp = attempts >= maxAttempts;
        Instant next = now.plus(backoff(attempts));
        try (PreparedStatement failed = connection.prepareStatement("update tmf_event set attempts = ?, last_error = ?, "
                + "next_attempt_at = ?, gave_up_at = ? where id = ?")) {
            failed.setInt(1, attempts);
            failed.setString(2, error);
            failed.setTimestamp(3, Timestamp.from(next));
            failed.setTimestamp(4, giveUp ? Timestamp.from(now) : null);
            failed.setLong(5, id);
            failed.executeUpdate();
        }
        if (giveUp) {
            LOG.warnf("Gave up the %s event %d to %s after %d attempts; last error: %s", type, id, target, attempts,
                    error);
        } else {
            LOG.debugf("The %s event %d to %s failed (attempt %d of %d: %s); next try at %s", type, id, target,
                    attempts, maxAttempts, error, next);
        }
    }

    /** Posts one event; empty when the listener took it, else what went wrong. */
    private String post(String target, String payload) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? "" : "HTTP " + response.statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
