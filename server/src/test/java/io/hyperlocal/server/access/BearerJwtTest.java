package io.hyperlocal.server.access;

import static io.hyperlocal.server.access.TestingHttp.errorCode;
import static io.hyperlocal.server.access.TestingHttp.errorMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Bearer JWTs from a real local issuer ({@link TestIssuer}), on /v1/models. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestIssuer.class, restrictToAnnotatedClass = false)
class BearerJwtTest {
    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    @Inject
    Authenticator authenticator;

    @Inject
    ApiKeyStore keys;

    @Inject
    PartyDirectory parties;

    @Test
    void aValidTokenActsForItsSubscriberInTheSubscribersJurisdiction() {
        String subscriber = TestingParties.subscriber(dataSource, "DE");
        String token = TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(subscriber).jwtID("jti-1").build());
        Principal principal = authenticator.authenticate("Bearer " + token, "");
        assertThat(principal.subscriberId()).isEqualTo(subscriber);
        assertThat(principal.jurisdiction()).isEqualTo("DE");
        assertThat(principal.role()).isEqualTo(Principal.Role.CLIENT);
        assertThat(principal.partnerAppId()).isEmpty();
        assertThat(principal.keyId()).isEqualTo("jwt:" + TestIssuer.ISSUER + "#jti-1");

        HttpResponse<String> models = TestingHttp.send(base, "GET", "/v1/models", token, null);
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        assertThat(models.body()).contains("de-fra");

        // ES256 too, and a subscriber named by MSISDN.
        String byMsisdn = TestIssuer.sign(TestIssuer.ec(),
                TestIssuer.claims(TestingParties.msisdn(subscriber)).build());
        assertThat(authenticator.authenticate("Bearer " + byMsisdn, "").subscriberId()).isEqualTo(subscriber);
        assertThat(TestingHttp.send(base, "GET", "/v1/models", byMsisdn, null).statusCode()).isEqualTo(200);
    }

    @Test
    void eachFailedCheckIsA401NamingIt() throws Exception {
        String subscriber = TestingParties.subscriber(dataSource, "FR");
        Instant now = Instant.now();
        RSAKey impostor = TestIssuer.newRsa("rsa-1"); // same kid, other key
        assertRefused(TestIssuer.sign(impostor, TestIssuer.claims(subscriber).build()), "bad signature");
        assertRefused(TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(subscriber)
                .expirationTime(Date.from(now.minusSeconds(120))).build()), "expired");
        assertRefused(TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(subscriber)
                .notBeforeTime(Date.from(now.plusSeconds(600))).build()), "not yet valid");
        assertRefused(TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(subscriber).audience("someone-else").build()),
                "wrong audience");
        assertRefused(TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(subscriber)
                .issuer("https://evil.example").build()), "wrong issuer");
        assertRefused(new PlainJWT(TestIssuer.claims(subscriber).build()).serialize(), "algorithm none");
        assertRefused(hmac(TestIssuer.claims(subscriber).build()), "HMAC");
        assertRefused(TestIssuer.sign(TestIssuer.newRsa("ghost"), TestIssuer.claims(subscriber).build()),
                "unknown signing key");
        assertRefused(TestIssuer.sign(TestIssuer.rsa(), new JWTClaimsSet.Builder(TestIssuer.claims(subscriber).build())
                .expirationTime(null).build()), "no exp claim");
        // Within the clock skew (60 s), a just-expired token still passes.
        assertThat(TestingHttp.send(base, "GET", "/v1/models", TestIssuer.sign(TestIssuer.rsa(),
                TestIssuer.claims(subscriber).expirationTime(Date.from(now.minusSeconds(10))).build()), null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void aValidTokenForAnUnknownOrUnlinkedSubscriberIsA403() {
        HttpResponse<String> unknown = TestingHttp.send(base, "GET", "/v1/models",
                TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims("nobody-" + System.nanoTime()).build()), null);
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(errorCode(unknown)).isEqualTo("unknown_subscriber");

        String subscriber = TestingParties.subscriber(dataSource, "FR");
        String other = TestingParties.subscriber(dataSource, "FR");
        String app = TestingParties.partnerApp(dataSource);
        String partnerToken = TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(subscriber).claim("azp", app).build());
        HttpResponse<String> unlinked = TestingHttp.send(base, "GET", "/v1/models", partnerToken, null);
        assertThat(unlinked.statusCode()).isEqualTo(403);
        assertThat(errorCode(unlinked)).isEqualTo("key_scope_mismatch");
        assertThat(errorMessage(unlinked)).contains(app, subscriber);
        parties.link(app, subscriber);
        Principal principal = authenticator.authenticate("Bearer " + partnerToken, "");
        assertThat(principal.partnerAppId()).isEqualTo(app);
        assertThat(principal.subscriberId()).isEqualTo(subscriber);

        // A token names its own subscriber only; an azp that is no registered app is the subscriber's own client.
        HttpResponse<String> otherSubscriber = TestingHttp.send(base, "GET", "/v1/models", partnerToken, null,
                "x-hyperlocal-subscriber", other);
        assertThat(otherSubscriber.statusCode()).isEqualTo(403);
        assertThat(errorCode(otherSubscriber)).isEqualTo("key_scope_mismatch");
        String ownClient = TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(other).claim("azp", "operator-app").build());
        assertThat(authenticator.authenticate("Bearer " + ownClient, "").partnerAppId()).isEmpty();
    }

    @Test
    void aRotatedKeyIsPickedUpFromTheJwks() {
        String subscriber = TestingParties.subscriber(dataSource, "FR");
        RSAKey next = TestIssuer.newRsa("rsa-rotated-" + System.nanoTime());
        String token = TestIssuer.sign(next, TestIssuer.claims(subscriber).build());
        assertRefused(token, "unknown signing key");
        try {
            TestIssuer.publish(TestIssuer.rsa(), TestIssuer.ec(), next);
            HttpResponse<String> accepted = TestingHttp.send(base, "GET", "/v1/models", token, null);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        } finally {
            TestIssuer.publish(TestIssuer.rsa(), TestIssuer.ec());
        }
    }

    @Test
    void withoutAnIssuerAJwtIsJustAnIncorrectKey() {
        String subscriber = TestingParties.subscriber(dataSource, "FR");
        String token = TestIssuer.sign(TestIssuer.rsa(), TestIssuer.claims(subscriber).build());
        ApiKeyAuthenticator disabled = new ApiKeyAuthenticator(keys, parties, Optional.empty());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> disabled.authenticate("Bearer " + token, ""))
                .isInstanceOfSatisfying(io.hyperlocal.core.HyperlocalException.class, e -> {
                    assertThat(e.code()).isEqualTo(io.hyperlocal.core.ErrorCode.INVALID_API_KEY);
                    assertThat(e.getMessage()).startsWith("Incorrect API key provided").doesNotContain(token);
                });
    }

    private void assertRefused(String token, String check) {
        HttpResponse<String> response = TestingHttp.send(base, "GET", "/v1/models", token, null);
        assertThat(response.statusCode()).as(check + ": " + response.body()).isEqualTo(401);
        assertThat(errorCode(response)).isEqualTo("invalid_token");
        assertThat(TestingHttp.json(response).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(errorMessage(response)).contains(check).doesNotContain(token);
    }

    private static String hmac(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims);
        jwt.sign(new MACSigner(new byte[32]));
        return jwt.serialize();
    }
}
