package io.hyperlocal.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Several gateway replicas share one PostgreSQL, each with its own key cache. Here the platform's
 * store is one replica and a second {@link ApiKeyStore} on the same database, with its own
 * {@link ChangeFeed}, plays another.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestIssuer.class, restrictToAnnotatedClass = false)
class RevocationAcrossReplicasTest {
    @Inject
    DataSource dataSource;

    @Inject
    ApiKeyStore here;

    @Inject
    PartyDirectory parties;

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedOnAnotherWithinOneSecond() throws Exception {
        ApiKeyStore other = new ApiKeyStore(dataSource, Clock.systemUTC());
        ApiKeyAuthenticator otherGateway = new ApiKeyAuthenticator(other, new PartyDirectory(dataSource),
                Optional.empty());
        try (ChangeFeed feed = ChangeFeed.start(dataSource, ChangeFeed.DEFAULT_INTERVAL, other)) {
            String subscriber = TestingParties.subscriber(dataSource, "FR");
            String key = ApiKeys.generate(new SecureRandom());
            KeyRecord created = here.create(key, new KeyScope.Subscriber(subscriber), Principal.Role.CLIENT,
                    "subscriber:" + subscriber, "FR", "replica test", Optional.empty());
            // The other replica learns the key (now cached there: no database round trip from here on).
            assertThat(otherGateway.authenticate("Bearer " + key, "").subscriberId()).isEqualTo(subscriber);

            long revokedAt = System.nanoTime();
            here.revoke(created.id());
            long refusedAt = 0;
            while (System.nanoTime() - revokedAt < 3_000_000_000L) {
                try {
                    otherGateway.authenticate("Bearer " + key, "");
                    Thread.sleep(5);
                } catch (HyperlocalException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.REVOKED_API_KEY);
                    refusedAt = System.nanoTime();
                    break;
                }
            }
            assertThat(refusedAt).as("the other replica never refused the revoked key").isNotZero();
            Duration delay = Duration.ofNanos(refusedAt - revokedAt);
            System.out.printf("Revocation seen by the other replica after %d ms%n", delay.toMillis());
            assertThat(delay).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aKeyCreatedOrDeletedOnOneReplicaCountsOnAnotherWithinOneSecond() throws Exception {
        ApiKeyStore other = new ApiKeyStore(dataSource, Clock.systemUTC());
        try (ChangeFeed feed = ChangeFeed.start(dataSource, ChangeFeed.DEFAULT_INTERVAL, other)) {
            String subscriber = TestingParties.subscriber(dataSource, "FR");
            String key = ApiKeys.generate(new SecureRandom());
            // The other replica has just been asked for this key and remembers it is unknown...
            assertThat(other.find(key)).isEmpty();
            KeyRecord created = here.create(key, new KeyScope.Subscriber(subscriber), Principal.Role.CLIENT,
                    "subscriber:" + subscriber, "FR", "replica test", Optional.empty());
            // ...until the feed says it was created.
            assertThat(eventually(() -> other.find(key).isPresent())).isLessThanOrEqualTo(Duration.ofSeconds(1));
            // A row deleted behind the store's back (a subscriber removed, its keys cascading) is forgotten too.
            TestingParties.update(dataSource, "delete from subscriber where id = ?", subscriber);
            assertThat(eventually(() -> other.find(key).isEmpty())).isLessThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(here.byId(created.id())).isEmpty();
        }
    }

    @Test
    void expiryIsCheckedOnEveryUseAgainstTheClock() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        ApiKeyStore store = new ApiKeyStore(dataSource, clock);
        ApiKeyAuthenticator gateway = new ApiKeyAuthenticator(store, parties, Optional.empty());
        String subscriber = TestingParties.subscriber(dataSource, "FR");
        String key = ApiKeys.generate(new SecureRandom());
        Instant expiry = Instant.parse("2030-01-01T00:00:10Z");
        store.create(key, new KeyScope.Subscriber(subscriber), Principal.Role.CLIENT, "subscriber:" + subscriber, "FR",
                "expiring", Optional.of(expiry));
        assertThat(gateway.authenticate("Bearer " + key, "").subscriberId()).isEqualTo(subscriber);
        clock.now = expiry.minusMillis(1);
        assertThat(gateway.authenticate("Bearer " + key, "").subscriberId()).isEqualTo(subscriber);
        clock.now = expiry;
        assertThatThrownBy(() -> gateway.authenticate("Bearer " + key, ""))
                .isInstanceOfSatisfying(HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.EXPIRED_API_KEY);
                    assertThat(e.getMessage()).contains("expired at 2030-01-01T00:00:10Z").doesNotContain(key);
                });
    }

    @Test
    void theDemoKeyStaysAValidClientKey() {
        Principal demo = new ApiKeyAuthenticator(here, parties, Optional.empty())
                .authenticate("Bearer " + TestPlatform.demoKey(), "");
        assertThat(demo.role()).isEqualTo(Principal.Role.CLIENT);
        assertThat(demo.jurisdiction()).isEqualTo("FR");
        // up gives the demo key to the demo subscriber, who holds the bundle "5G + AI assistant Pro".
        assertThat(demo.subscriberId()).isEqualTo("demo");
    }

    private static Duration eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > 3_000_000_000L) {
                throw new AssertionError("not within 3 s");
            }
            Thread.sleep(5);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
