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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Residency is never relaxed under load: with both French sites out, a French key's requests fail
 * with a capacity error, although Frankfurt is idle and has the model.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class ResidencyUnderStressTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    @Test
    void withEveryAllowedSiteOutNothingGoesAbroad() throws Exception {
        state("fr-par", "down");
        state("fr-mrs", "draining");
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                boolean stream = i % 2 == 0;
                // The operator's key (French, like the demo subscriber): no subscription limits its
                // rate or streams, so every one of the 64 reaches the router and the residency rule.
                responses.add(clients.submit(() -> send("POST", "/v1/chat/completions", TestPlatform.adminKey(),
                        "{\"model\": \"stories260k\", \"max_tokens\": 4, \"stream\": " + stream
                                + ", \"messages\": [{\"role\": \"user\", \"content\": \"Once upon a time\"}]}")));
            }
            for (Future<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
                JsonNode error = JSON.readTree(response.body()).get("error");
                assertThat(error.get("code").asText()).isEqualTo("no_capacity");
                assertThat(error.get("message").asText()).contains("fr-par", "fr-mrs").contains("not sent to a site outside the allowed jurisdictions");
                assertThat(response.headers().firstValue("x-hyperlocal-site")).hasValue("fr-par");
            }
            // No decision in the log sent anything to Frankfurt.
            JsonNode recent = JSON.readTree(send("GET", "/admin/routes?limit=200", TestPlatform.adminKey(), null).body());
            recent.forEach(route -> assertThat(route.get("servedBy").toString()).doesNotContain("de-fra"));
        } finally {
            clients.shutdownNow();
            state("fr-par", "active");
            state("fr-mrs", "active");
        }
        assertThat(send("POST", "/v1/chat/completions", TestPlatform.demoKey(), "{\"model\": \"stories260k\","
                + " \"max_tokens\": 4, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}").statusCode())
                .isEqualTo(200);
    }

    private void state(String site, String state) throws Exception {
        HttpResponse<String> response = send("PUT", "/admin/sites/" + site + "/state", TestPlatform.adminKey(),
                "{\"state\": \"" + state + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + key);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
