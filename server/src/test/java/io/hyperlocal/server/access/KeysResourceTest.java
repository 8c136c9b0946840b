package io.hyperlocal.server.access;

import static io.hyperlocal.server.access.TestingHttp.errorCode;
import static io.hyperlocal.server.access.TestingHttp.errorMessage;
import static io.hyperlocal.server.access.TestingHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code /admin/keys} and {@code /admin/partner-apps/{id}/subscribers}, and what the keys they make may do on /v1. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestIssuer.class, restrictToAnnotatedClass = false)
class KeysResourceTest {
    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    @Inject
    ApiKeyStore store;

    @Test
    void aKeyIsShownOnceListedByPrefixAndRevokedAtOnce() {
        String subscriber = TestingParties.subscriber(dataSource, "DE");
        HttpResponse<String> created = admin("POST", "/admin/keys",
                "{\"subscriberId\": \"" + subscriber + "\", \"description\": \"phone\", \"expiresInDays\": 30}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created);
        String key = body.get("key").asText();
        String id = body.get("id").asText();
        assertThat(key).startsWith("hl-").hasSize(3 + 43);
        assertThat(body.get("prefix").asText()).isEqualTo(key.substring(0, 10));
        assertThat(body.get("subscriberId").asText()).isEqualTo(subscriber);
        assertThat(body.get("partnerAppId").isNull()).isTrue();
        assertThat(body.get("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(Instant.now().plusSeconds(30 * 86400 - 120), Instant.now().plusSeconds(30 * 86400 + 120));

        // Never shown again: neither in the list nor in the key's own page.
        HttpResponse<String> list = admin("GET", "/admin/keys?subscriberId=" + subscriber, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(key).contains(id);
        assertThat(json(list).findValuesAsText("id")).containsExactly(id);
        HttpResponse<String> one = admin("GET", "/admin/keys/" + id, null);
        assertThat(one.body()).doesNotContain(key);
        assertThat(json(one).has("key")).isFalse();
        assertThat(json(admin("GET", "/admin/keys", null)).findValuesAsText("id")).contains(id);

        // The key works, for its subscriber, in the subscriber's jurisdiction (DE sees the Frankfurt site).
        HttpResponse<String> models = TestingHttp.send(base, "GET", "/v1/models", key, null);
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        assertThat(models.body()).contains("de-fra");

        HttpResponse<String> revoked = admin("DELETE", "/admin/keys/" + id, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(json(revoked).get("status").asText()).isEqualTo("revoked");
        String revokedAt = json(revoked).get("revokedAt").asText();
        HttpResponse<String> refused = TestingHttp.send(base, "GET", "/v1/models", key, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(errorCode(refused)).isEqualTo("revoked_api_key");
        assertThat(errorMessage(refused)).contains("was revoked at " + revokedAt, id).doesNotContain(key);
        // Revoking again keeps the first time; the revoke verb does the same as DELETE.
        HttpResponse<String> again = admin("POST", "/admin/keys/" + id + "/revoke", null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("revokedAt").asText()).isEqualTo(revokedAt);
        assertThat(json(admin("GET", "/admin/keys/" + id, null)).get("status").asText()).isEqualTo("revoked");
    }

    @Test
    void badRequestsNameTheFieldAndUnknownPartiesAre404() {
        String subscriber = TestingParties.subscriber(dataSource, "FR");
        String app = TestingParties.partnerApp(dataSource);
        assertBad("{}", 400, "missing_required_parameter", "subscriberId");
        assertBad("{\"subscriberId\": \"" + subscriber + "\", \"partnerAppId\": \"" + app + "\"}", 400,
                "invalid_value", "partnerAppId");
        assertBad("{\"subscriberId\": \"" + subscriber + "\", \"colour\": \"red\"}", 400, "unknown_parameter", "colour");
        assertBad("{\"subscriberId\": 42}", 400, "invalid_type", "subscriberId");
        assertBad("{\"subscriberId\": \"" + subscriber + "\", \"expiresInDays\": 0}", 400, "invalid_value",
                "expiresInDays");
        assertBad("{\"subscriberId\": \"" + subscriber + "\", \"expiresAt\": \"tomorrow\"}", 400, "invalid_value",
                "expiresAt");
        assertBad("{\"subscriberId\": \"" + subscriber + "\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}", 400,
                "invalid_value", "expiresAt");
        assertBad("{\"subscriberId\": \"" + subscriber + "\", \"expiresAt\": \"2099-01-01T00:00:00Z\", "
                + "\"expiresInDays\": 3}", 400, "invalid_value", "expiresInDays");
        HttpResponse<String> unknownSubscriber = admin("POST", "/admin/keys", "{\"subscriberId\": \"nobody\"}");
        assertThat(unknownSubscriber.statusCode()).isEqualTo(404);
        assertThat(errorMessage(unknownSubscriber)).contains("nobody");
        HttpResponse<String> unknownApp = admin("POST", "/admin/keys", "{\"partnerAppId\": \"no-app\"}");
        assertThat(unknownApp.statusCode()).isEqualTo(404);
        assertThat(errorMessage(unknownApp)).contains("no-app");
        assertThat(admin("GET", "/admin/keys/key_0000000000000000", null).statusCode()).isEqualTo(404);
        assertThat(admin("DELETE", "/admin/keys/key_0000000000000000", null).statusCode()).isEqualTo(404);
        assertThat(admin("POST", "/admin/partner-apps/no-app/subscribers/" + subscriber, null).statusCode())
                .isEqualTo(404);
        assertThat(admin("POST", "/admin/partner-apps/" + app + "/subscribers/nobody", null).statusCode())
                .isEqualTo(404);
        assertThat(admin("DELETE", "/admin/partner-apps/" + app + "/subscribers/" + subscriber, null).statusCode())
                .isEqualTo(404);
        HttpResponse<String> dated = admin("POST", "/admin/keys",
                "{\"subscriberId\": \"" + subscriber + "\", \"expiresAt\": \"2099-01-31T00:00:00Z\"}");
        assertThat(dated.statusCode()).isEqualTo(201);
        assertThat(json(dated).get("expiresAt").asText()).isEqualTo("2099-01-31T00:00:00Z");
    }

    @Test
    void anExpiredKeyIsRefusedSayingWhenItExpired() {
        String subscriber = TestingParties.subscriber(dataSource, "FR");
        String key = ApiKeys.generate(new java.security.SecureRandom());
        Instant expiry = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        store.create(key, new KeyScope.Subscriber(subscriber), Principal.Role.CLIENT, "subscriber:" + subscriber, "FR",
                "expired", java.util.Optional.of(expiry));
        HttpResponse<String> refused = TestingHttp.send(base, "GET", "/v1/models", key, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(errorCode(refused)).isEqualTo("expired_api_key");
        assertThat(errorMessage(refused)).contains("expired at " + expiry);
    }

    @Test
    void aKeyActsOnlyWithinItsScope() {
        String alice = TestingParties.subscriber(dataSource, "FR");
        String bob = TestingParties.subscriber(dataSource, "DE");
        String app = TestingParties.partnerApp(dataSource);
        String aliceKey = createKey("subscriberId", alice);
        String appKey = createKey("partnerAppId", app);

        // A subscriber key: itself, with or without naming itself, but nobody else.
        assertThat(models(aliceKey, "").statusCode()).isEqualTo(200);
        assertThat(models(aliceKey, alice).statusCode()).isEqualTo(200);
        HttpResponse<String> other = models(aliceKey, bob);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(errorCode(other)).isEqualTo("key_scope_mismatch");
        assertThat(errorMessage(other)).contains("scoped to subscriber " + alice, bob);

        // A partner key: must name the subscriber, who must be linked.
        HttpResponse<String> unnamed = models(appKey, "");
        assertThat(unnamed.statusCode()).isEqualTo(403);
        assertThat(errorCode(unnamed)).isEqualTo("key_scope_mismatch");
        assertThat(errorMessage(unnamed)).contains("partner app " + app, "x-hyperlocal-subscriber");
        HttpResponse<String> unlinked = models(appKey, bob);
        assertThat(unlinked.statusCode()).isEqualTo(403);
        assertThat(errorCode(unlinked)).isEqualTo("key_scope_mismatch");
        assertThat(errorMessage(unlinked)).contains("not one of them", "POST /admin/partner-apps/" + app + "/subscribers/" + bob);

        HttpResponse<String> link = admin("POST", "/admin/partner-apps/" + app + "/subscribers/" + bob, null);
        assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
        assertThat(admin("POST", "/admin/partner-apps/" + app + "/subscribers/" + bob, null).statusCode()).isEqualTo(200);
        HttpResponse<String> linked = models(appKey, bob);
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        // Bob is German: the partner acting for him sees the Frankfurt site.
        assertThat(linked.body()).contains("de-fra");
        assertThat(models(appKey, alice).statusCode()).isEqualTo(403);

        assertThat(admin("DELETE", "/admin/partner-apps/" + app + "/subscribers/" + bob, null).statusCode())
                .isEqualTo(204);
        assertThat(models(appKey, bob).statusCode()).isEqualTo(403);

        // A header that cannot be a subscriber id is a bad request, and is not echoed whole.
        HttpResponse<String> garbage = models(TestPlatform.adminKey(), "x".repeat(5000));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(errorCode(garbage)).isEqualTo("invalid_value");
        assertThat(json(garbage).at("/error/param").asText()).isEqualTo("x-hyperlocal-subscriber");
        assertThat(errorMessage(garbage)).contains("5000 characters", "is no subscriber id").hasSizeLessThan(300);

        // The demo key acts for nobody; a client key is refused on /admin.
        HttpResponse<String> demo = models(TestPlatform.demoKey(), alice);
        assertThat(demo.statusCode()).isEqualTo(403);
        assertThat(errorCode(demo)).isEqualTo("key_scope_mismatch");
        HttpResponse<String> onAdmin = TestingHttp.send(base, "GET", "/admin/keys", aliceKey, null);
        assertThat(onAdmin.statusCode()).isEqualTo(403);
        assertThat(errorCode(onAdmin)).isEqualTo("admin_key_required");
        HttpResponse<String> partnerOnAdmin = TestingHttp.send(base, "GET", "/admin/keys", appKey, null);
        assertThat(partnerOnAdmin.statusCode()).isEqualTo(403);
    }

    @Test
    void aSubscriberKeyFollowsItsSubscribersCountry() throws Exception {
        String subscriber = TestingParties.subscriber(dataSource, "FR");
        String key = createKey("subscriberId", subscriber);
        assertThat(models(key, "").body()).doesNotContain("de-fra");
        TestingParties.update(dataSource, "update subscriber set country = 'DE' where id = ?", subscriber);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!models(key, "").body().contains("de-fra") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(models(key, "").body()).contains("de-fra");
    }

    private void assertBad(String body, int status, String code, String param) {
        HttpResponse<String> response = admin("POST", "/admin/keys", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(errorCode(response)).isEqualTo(code);
        assertThat(json(response).at("/error/param").asText()).isEqualTo(param);
    }

    private String createKey(String field, String id) {
        HttpResponse<String> created = admin("POST", "/admin/keys", "{\"" + field + "\": \"" + id + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("key").asText();
    }

    private HttpResponse<String> models(String key, String actingFor) {
        return actingFor.isEmpty() ? TestingHttp.send(base, "GET", "/v1/models", key, null)
                : TestingHttp.send(base, "GET", "/v1/models", key, null, "x-hyperlocal-subscriber", actingFor);
    }

    private HttpResponse<String> admin(String method, String path, String body) {
        return TestingHttp.send(base, method, path, TestPlatform.adminKey(), body);
    }
}
