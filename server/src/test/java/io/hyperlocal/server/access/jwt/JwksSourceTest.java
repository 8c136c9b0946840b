package io.hyperlocal.server.access.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JWKS cache against a real HTTP server, on a clock the test moves. */
class JwksSourceTest {
    private final AtomicInteger served = new AtomicInteger();
    private final MovingClock clock = new MovingClock();
    private volatile String jwks;
    private volatile int status = 200;
    private HttpServer server;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            served.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void unknownKidsRefreshAtMostOncePerMinimumInterval() throws Exception {
        JWK first = key("k1");
        JWK second = key("k2");
        jwks = set(first);
        JwksSource source = new JwksSource(uri, clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertThat(source.key("k1")).isPresent();
        assertThat(served).hasValue(1);
        // Right after a fetch, an unknown kid fetches nothing; later, made-up kids cost one fetch, then none for 30 s.
        assertThat(source.key("made-up")).isEmpty();
        assertThat(served).hasValue(1);
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 20; i++) {
            assertThat(source.key("made-up-" + i)).isEmpty();
        }
        assertThat(served).hasValue(2);
        // The issuer rotates: the new kid is found once the interval has passed.
        jwks = set(first, second);
        clock.advance(Duration.ofSeconds(29));
        assertThat(source.key("k2")).isEmpty();
        assertThat(served).hasValue(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(source.key("k2")).isPresent();
        assertThat(served).hasValue(3);
        assertThat(source.key("k1")).isPresent();
        assertThat(served).hasValue(3);
    }

    @Test
    void keysOlderThanTheMaximumAgeAreFetchedAgainSoAWithdrawnKeyStopsWorking() throws Exception {
        JWK first = key("k1");
        jwks = set(first);
        JwksSource source = new JwksSource(uri, clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertThat(source.key("k1")).isPresent();
        jwks = set(key("k2"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(source.key("k1")).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(source.key("k1")).isEmpty();
        // A failing issuer keeps the last keys in use rather than refusing every token.
        status = 500;
        clock.advance(Duration.ofMinutes(6));
        assertThat(source.key("k2")).isPresent();
    }

    @Test
    void anIssuerThatNeverAnsweredIsAClearServerError() {
        jwks = "not json";
        JwksSource source = new JwksSource(uri, clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertThatThrownBy(() -> source.key("k1")).isInstanceOfSatisfying(HyperlocalException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains(uri.toString(), "hyperlocal.auth.jwt.jwks-url");
        });
    }

    @Test
    void aFileJwksIsReadToo() throws Exception {
        Path file = Files.createTempFile("jwks", ".json");
        try {
            Files.writeString(file, set(key("file-key")));
            JwksSource source = new JwksSource(file.toUri(), clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
            assertThat(source.key("file-key")).isPresent();
            // A token without kid matches the only key of the set.
            assertThat(source.key("")).isPresent();
        } finally {
            Files.delete(file);
        }
    }

    private static JWK key(String kid) throws Exception {
        // EC keys: generated in microseconds, where RSA keys take a noticeable time on a busy machine.
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    private static String set(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
