package io.hyperlocal.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.database.ChangeSignals;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The change feed on the real database: late commits, and each change delivered once. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestIssuer.class, restrictToAnnotatedClass = false)
class ChangeFeedTest {
    @Inject
    DataSource dataSource;

    @Test
    void aChangeCommittedAfterALaterOneIsStillDeliveredOnce() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        String tag = "feed-test-" + System.nanoTime();
        try (ChangeFeed feed = ChangeFeed.start(dataSource, ChangeFeed.DEFAULT_INTERVAL, collecting(tag, delivered)); Connection slow = dataSource.getConnection()) {
            Thread.sleep(300); // the feed has read where the sequence stands
            slow.setAutoCommit(false);
            insert(slow, tag + "-late"); // takes the lower sequence number, commits last
            insert(dataSource, tag + "-early");
            waitFor(() -> delivered.contains(tag + "-early"));
            Thread.sleep(600); // several polls past the higher number
            slow.commit();
            slow.setAutoCommit(true);
            waitFor(() -> delivered.contains(tag + "-late"));
            Thread.sleep(600); // rows stay in the re-read window: none may come twice
            assertThat(delivered).containsExactly(tag + "-early", tag + "-late");
        }
    }

    /**
     * With signals that arrive, a change is read when its notification comes: the feed ticks every 10 s
     * here, so a delivery within a second can only come from the notification.
     */
    @Test
    void withSignalsAChangeIsReadWhenItsNotificationArrives() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        String tag = "feed-signal-" + System.nanoTime();
        try (ChangeSignals signals = ChangeSignals.start(dataSource);
                ChangeFeed feed = ChangeFeed.start(dataSource, Duration.ofSeconds(10), signals,
                        collecting(tag, delivered))) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!signals.listening() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(signals.listening()).as("listening within 10 s").isTrue();
            Thread.sleep(300); // the read that listening started has run
            insert(dataSource, tag + "-revoked");
            waitFor(() -> delivered.contains(tag + "-revoked"));
            assertThat(delivered).containsExactly(tag + "-revoked");
        }
    }

    /** Adds to {@code delivered} the references of this test's changes (tagged), not other tests'. */
    private static ChangeFeed.Listener collecting(String tag, List<String> delivered) {
        return new ChangeFeed.Listener() {
            @Override
            public void changed(Change change) {
                if (change.reference().startsWith(tag)) {
                    delivered.add(change.reference());
                }
            }

            @Override
            public void reset() {}
        };
    }

    private static void insert(DataSource dataSource, String reference) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, reference);
        }
    }

    private static void insert(Connection connection, String reference) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into credential_change (kind, reference) values ('partner_app', ?)")) {
            statement.setString(1, reference);
            statement.executeUpdate();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not delivered within one second");
            }
            Thread.sleep(5);
        }
    }
}
