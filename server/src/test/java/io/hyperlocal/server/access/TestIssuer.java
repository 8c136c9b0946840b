package io.hyperlocal.server.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OIDC issuer for the tests: a real HTTP server (the JDK's) serving a JWKS generated here, an RSA
 * and an EC key, and the platform configured to accept its tokens. Tests sign tokens with
 * {@link #sign} and rotate keys with {@link #publish}.
 */
public class TestIssuer implements QuarkusTestResourceLifecycleManager {
    public static final String ISSUER = "https://issuer.hyperlocal.test";
    public static final String AUDIENCE = "hyperlocal-test";
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static volatile RSAKey rsa;
    private static volatile ECKey ec;
    private static volatile JWKSet published = new JWKSet();
    private HttpServer server;

    public static RSAKey rsa() {
        return rsa;
    }

    public static ECKey ec() {
        return ec;
    }

    /** Serves these keys (public parts) from now on. */
    public static void publish(JWK... keys) {
        published = new JWKSet(List.of(keys)).toPublicJWKSet();
    }

    public static int fetches() {
        return FETCHES.get();
    }

    public static RSAKey newRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims the gateway accepts: this issuer, this audience, five minutes to live. */
    public static JWTClaimsSet.Builder claims(String subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    /** A compact JWS signed with {@code key} under its kid (RS256 for RSA, ES256 for EC). */
    public static String sign(JWK key, JWTClaimsSet claims) {
        try {
            JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
            jwt.sign(key instanceof ECKey ecKey ? new ECDSASigner(ecKey) : new RSASSASigner((RSAKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            rsa = newRsa("rsa-1");
            ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
            publish(rsa, ec);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                FETCHES.incrementAndGet();
                byte[] body = published.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return Map.of(
                    "hyperlocal.auth.jwt.issuer", ISSUER,
                    "hyperlocal.auth.jwt.jwks-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json",
                    "hyperlocal.auth.jwt.audience", AUDIENCE,
                    // Rotation must be picked up on the next token in these tests; the rate limit has its own test.
                    "hyperlocal.auth.jwt.jwks-min-refresh", "0s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
