package io.hyperlocal.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The platform team changes the federation through /admin/sites, and requests see it at once. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class SitesResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LILLE = """
            {"name": "Lille", "country": "FR", "city": "Lille", "latitude": 50.6292, "longitude": 3.0573,
             "jurisdictionTags": ["FR", "EU"],
             "engines": [{"id": "sim", "kind": "simulated", "models": ["lille-model"], "maxConcurrency": 4}]}
            """;
    private static final String MADRID = """
            {"name": "Madrid", "country": "ES", "city": "Madrid", "latitude": 40.4168, "longitude": -3.7038,
             "jurisdictionTags": ["ES", "EU"],
             "engines": [{"id": "sim", "kind": "simulated", "models": ["madrid-model"], "maxConcurrency": 4}]}
            """;

    @TestHTTPResource("/")
    URL base;

    @Test
    void onlyTheAdminKeyMayUseTheAdminApi() throws Exception {
        assertThat(send("GET", "/admin/sites", null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> client = send("GET", "/admin/sites", TestPlatform.demoKey(), null);
        assertThat(client.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(client.body()).at("/error/code").asText()).isEqualTo("admin_key_required");
        HttpResponse<String> admin = send("GET", "/admin/sites", TestPlatform.adminKey(), null);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(admin.body()).findValuesAsText("id")).contains("fr-par", "fr-mrs", "de-fra");
    }

    @Test
    void aSiteAddedDrainedAndRemovedTakesEffectWithoutARestart() throws Exception {
        HttpResponse<String> saved = send("PUT", "/admin/sites/fr-lil", TestPlatform.adminKey(), LILLE);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(models()).contains("lille-model");

        HttpResponse<String> served = chat("lille-model");
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.headers().firstValue("x-hyperlocal-site")).hasValue("fr-lil");
        assertThat(JSON.readTree(served.body()).at("/choices/0/message/content").asText()).startsWith("[simulated]");

        assertThat(send("PUT", "/admin/sites/fr-lil/state", TestPlatform.adminKey(), "{\"state\": \"draining\"}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> drained = chat("lille-model");
        assertThat(drained.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(drained.body()).at("/error/code").asText()).isEqualTo("no_capacity");
        // The console says so: the site's engines are still ready, only its state tells it takes nothing new.
        JsonNode overview = JSON.readTree(send("GET", "/console/api/overview", null, null).body());
        JsonNode lille = null;
        for (JsonNode site : overview.get("sites")) {
            lille = site.get("id").asText().equals("fr-lil") ? site : lille;
        }
        assertThat(lille).as(overview.toString()).isNotNull();
        assertThat(lille.path("state").asText()).as(lille.toString()).isEqualTo("draining");

        assertThat(send("DELETE", "/admin/sites/fr-lil", TestPlatform.adminKey(), null).statusCode()).isEqualTo(204);
        assertThat(models()).doesNotContain("lille-model");
        assertThat(send("GET", "/admin/sites/fr-lil", TestPlatform.adminKey(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aFrenchKeyIsNeverServedInSpainEvenWhenOnlySpainHasTheModel() throws Exception {
        assertThat(send("PUT", "/admin/sites/es-mad", TestPlatform.adminKey(), MADRID).statusCode()).isEqualTo(200);
        try {
            // A French key does not even see the model: no site it may use serves it.
            assertThat(models()).doesNotContain("madrid-model").contains("stories260k");
            HttpResponse<String> refused = chat("madrid-model");
            assertThat(refused.statusCode()).isEqualTo(403);
            JsonNode error = JSON.readTree(refused.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("no_allowed_site");
            assertThat(error.get("message").asText()).contains("es-mad", "FR");
            // Widening the jurisdiction by header is refused too.
            HttpResponse<String> widened = send("POST", "/v1/chat/completions", TestPlatform.demoKey(),
                    "{\"model\": \"madrid-model\", \"messages\": [{\"role\": \"user\", \"content\": \"Hola\"}]}",
                    "x-hyperlocal-jurisdiction", "ES");
            assertThat(widened.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(widened.body()).at("/error/code").asText()).isEqualTo("jurisdiction_not_allowed");
        } finally {
            send("DELETE", "/admin/sites/es-mad", TestPlatform.adminKey(), null);
        }
    }

    @Test
    void everyDecisionIsExplainedAtAdminRoutes() throws Exception {
        HttpResponse<String> served = chat("stories260k");
        String requestId = served.headers().firstValue("x-request-id").orElseThrow();
        assertThat(served.headers().firstValue("x-hyperlocal-route")).hasValueSatisfying(
                route -> assertThat(route).contains("prox", "load"));
        JsonNode decision = JSON.readTree(send("GET", "/admin/routes/" + requestId, TestPlatform.adminKey(), null).body());
        assertThat(decision.get("requestId").asText()).isEqualTo(requestId);
        assertThat(decision.get("ordered").size()).isGreaterThanOrEqualTo(2);
        assertThat(decision.get("servedBy").get(0).asText())
                .startsWith(served.headers().firstValue("x-hyperlocal-site").orElseThrow());
        // de-fra is outside a French requester's jurisdiction: filtered, with the reason.
        assertThat(decision.get("rejected").toString()).contains("de-fra", "RESIDENCY");
        assertThat(send("GET", "/admin/routes/req_nope", TestPlatform.adminKey(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidSiteIsRefusedWithTheFieldNamed() throws Exception {
        HttpResponse<String> response = send("PUT", "/admin/sites/xx-bad", TestPlatform.adminKey(),
                MADRID.replace("\"ES\", \"EU\"", "\"EU\"").replace("\"country\": \"ES\"", "\"country\": \"Spain\""));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("country");
    }

    @Test
    void anEngineUrlTheEngineCannotUseIsRefusedAndNeverStored() throws Exception {
        // These passed a prefix check, were stored, and then broke every later reload of the federation.
        for (String url : java.util.List.of("http://", "http://a b/v1", "http://vllm:8000/v1?x=1", "ftp://vllm/v1")) {
            String site = """
                    {"name": "Lisbon", "country": "PT", "city": "Lisbon", "latitude": 38.72, "longitude": -9.14,
                     "jurisdictionTags": ["PT", "EU"],
                     "engines": [{"id": "vllm", "kind": "openai-compatible", "models": ["m"], "baseUrl": "%s"}]}
                    """.formatted(url);
            HttpResponse<String> refused = send("PUT", "/admin/sites/pt-lis", TestPlatform.adminKey(), site);
            assertThat(refused.statusCode()).as(url + ": " + refused.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(refused.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("invalid_value");
            assertThat(error.get("message").asText()).contains("baseUrl", "'" + url + "'", "http://10.0.0.5:8000/v1");
            assertThat(send("GET", "/admin/sites/pt-lis", TestPlatform.adminKey(), null).statusCode()).isEqualTo(404);
        }
        // The federation still takes changes.
        HttpResponse<String> saved = send("PUT", "/admin/sites/fr-lil", TestPlatform.adminKey(), LILLE);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(send("DELETE", "/admin/sites/fr-lil", TestPlatform.adminKey(), null).statusCode()).isEqualTo(204);
    }

    @Test
    void aNullInASitesListsIsA400NamingTheList() throws Exception {
        // Each was a NullPointerException, a 500 that named nothing.
        java.util.Map<String, String> bodies = java.util.Map.of(
                "jurisdictionTags", MADRID.replace("[\"ES\", \"EU\"]", "[\"ES\", null]"),
                "engines", MADRID.replace("\"engines\": [", "\"engines\": [null, "),
                "engines[].models", MADRID.replace("[\"madrid-model\"]", "[null]"));
        for (var body : bodies.entrySet()) {
            assertThat(body.getValue()).contains("null");
            JsonNode error = refusedAndNotStored("es-nul", body.getKey(), body.getValue());
            assertThat(error.get("code").asText()).isEqualTo("invalid_value");
            assertThat(error.get("message").asText()).contains("holds a null");
        }
    }

    /** Values the records took but nothing could use: a blank name, a code that is no country, a blank tag or model. */
    @Test
    void valuesNothingCouldUseAreA400NamingTheField() throws Exception {
        java.util.Map<String, String> bodies = java.util.Map.of(
                "name", MADRID.replace("\"name\": \"Madrid\"", "\"name\": \" \""),
                "country", MADRID.replace("\"country\": \"ES\"", "\"country\": \"XX\""),
                "jurisdictionTags", MADRID.replace("[\"ES\", \"EU\"]", "[\"ES\", \"\"]"),
                "engines[].models", MADRID.replace("[\"madrid-model\"]", "[\"\"]"));
        for (var body : bodies.entrySet()) {
            assertThat(body.getValue()).isNotEqualTo(MADRID);
            refusedAndNotStored("es-bad", body.getKey(), body.getValue());
        }
    }

    /** PUTs {@code body} as site {@code siteId}: a 400 whose param is {@code field}, and no site stored. Returns the error. */
    private JsonNode refusedAndNotStored(String siteId, String field, String body) throws Exception {
        HttpResponse<String> refused = send("PUT", "/admin/sites/" + siteId, TestPlatform.adminKey(), body);
        assertThat(refused.statusCode()).as(field + ": " + refused.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo(field);
        assertThat(send("GET", "/admin/sites/" + siteId, TestPlatform.adminKey(), null).statusCode()).isEqualTo(404);
        return error;
    }

    private java.util.List<String> models() throws Exception {
        JsonNode list = JSON.readTree(send("GET", "/v1/models", TestPlatform.demoKey(), null).body());
        return list.get("data").findValuesAsText("id");
    }

    private HttpResponse<String> chat(String model) throws Exception {
        return send("POST", "/v1/chat/completions", TestPlatform.demoKey(), "{\"model\": \"" + model
                + "\", \"max_tokens\": 8, \"messages\": [{\"role\": \"user\", \"content\": \"Hola\"}]}");
    }

    private HttpResponse<String> send(String method, String path, String key, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
