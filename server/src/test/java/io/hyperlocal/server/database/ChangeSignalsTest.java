package io.hyperlocal.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.access.TestIssuer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Notifications from the real database: which gates they open, and polling while they cannot arrive. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestIssuer.class, restrictToAnnotatedClass = false)
class ChangeSignalsTest {
    private static final Duration NEVER = Duration.ofHours(1);

    @Inject
    DataSource dataSource;

    @Test
    void aCommittedChangeOpensTheGatesOfItsTopicOnly() throws Exception {
        try (ChangeSignals signals = ChangeSignals.start(dataSource)) {
            AtomicInteger credentialWakes = new AtomicInteger();
            ChangeSignals.Gate credentials = signals.gate(ChangeSignals.Topic.CREDENTIALS, NEVER, Runnable::run,
                    credentialWakes::incrementAndGet);
            ChangeSignals.Gate tmf = signals.gate(ChangeSignals.Topic.TMF, NEVER, Runnable::run, () -> {});
            waitFor(signals::listening, "listening");
            assertThat(credentials.pollNow()).as("a new gate polls once").isTrue();
            assertThat(tmf.pollNow()).isTrue();
            assertThat(credentials.pollNow()).as("nothing changed since").isFalse();
            assertThat(tmf.pollNow()).isFalse();
            int before = credentialWakes.get();

            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                insertCredentialChange(connection, "signals-test-" + System.nanoTime());
                Thread.sleep(300);
                assertThat(credentialWakes.get()).as("nothing is signalled before the commit").isEqualTo(before);
                connection.commit();
            }
            waitFor(() -> credentialWakes.get() > before, "the credentials gate woken");
            assertThat(credentials.pollNow()).isTrue();
            assertThat(credentials.pollNow()).isFalse();
            assertThat(tmf.pollNow()).as("another topic stays shut").isFalse();
        }
    }

    @Test
    void whileTheListenerIsCutOffEveryTickPollsThenListeningResumes() throws Exception {
        try (ChangeSignals signals = ChangeSignals.start(dataSource)) {
            ChangeSignals.Gate gate = signals.gate(ChangeSignals.Topic.TMF, NEVER, Runnable::run, () -> {});
            waitFor(signals::listening, "listening");
            gate.pollNow();
            assertThat(gate.pollNow()).isFalse();

            try (Connection connection = dataSource.getConnection();
                    PreparedStatement kill = connection.prepareStatement("select pg_terminate_backend(pid) from "
                            + "pg_stat_activity where application_name = ?")) {
                kill.setString(1, ChangeSignals.APPLICATION_NAME);
                kill.execute();
            }
            waitFor(() -> !signals.listening(), "listening stopped");
            assertThat(gate.pollNow()).as("no signals: poll on every tick").isTrue();
            assertThat(gate.pollNow()).isTrue();

            waitFor(signals::listening, "listening again");
            assertThat(gate.pollNow()).as("signalled for what changed in between").isTrue();
            assertThat(gate.pollNow()).isFalse();
        }
    }

    @Test
    void withoutSignalsEveryTickPolls() {
        try (ChangeSignals none = ChangeSignals.none()) {
            ChangeSignals.Gate gate = none.gate(ChangeSignals.Topic.CREDENTIALS, NEVER, Runnable::run, () -> {});
            assertThat(none.listening()).isFalse();
            assertThat(gate.pollNow()).isTrue();
            assertThat(gate.pollNow()).isTrue();
        }
    }

    @Test
    void theSchemaNotifiesForCredentialsTmfChangesAndTmfEvents() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var rows = statement.executeQuery("select tgname from pg_trigger where tgname like '%_notify' "
                        + "order by tgname")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            assertThat(names).containsExactly("credential_change_notify", "tmf_change_notify", "tmf_event_notify");
        }
    }

    private static void insertCredentialChange(Connection connection, String reference) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into credential_change (kind, reference) values ('partner_app', ?)")) {
            statement.setString(1, reference);
            statement.executeUpdate();
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + what + " within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
