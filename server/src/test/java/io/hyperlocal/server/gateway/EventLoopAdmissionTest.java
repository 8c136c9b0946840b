package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Completions are admitted and dispatched on the event loop while admission has what it needs in
 * memory and the engine starts without heavy work, and move to a worker thread, with the same answer,
 * when admission must ask the database or llama.cpp must tokenise the prompt.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class EventLoopAdmissionTest {
    private static final String SITE = """
            {"name": "Loop", "country": "FR", "city": "Lille", "latitude": 50.63, "longitude": 3.06,
             "jurisdictionTags": ["FR", "EU"],
             "engines": [{"id": "sim", "kind": "simulated", "models": ["loop-model"], "maxConcurrency": 8}]}
            """;

    @TestHTTPResource("/")
    URL base;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aKnownKeyIsServedOnTheLoopAndAnUnseenKeyOrALlamaModelMovesToAWorker() throws Exception {
        assertThat(send("PUT", "/admin/sites/fr-evl", TestPlatform.adminKey(), SITE).statusCode()).isEqualTo(200);
        try {
            // Warm: the demo key, its subscriber's entitlements and allowance lease are loaded.
            assertThat(chat(TestPlatform.demoKey(), "loop-model").statusCode()).isEqualTo(200);
            double before = handoffs();

            for (int i = 0; i < 5; i++) {
                assertThat(chat(TestPlatform.demoKey(), "loop-model").statusCode()).isEqualTo(200);
            }
            assertThat(handoffs()).as("hand-offs for a known key and a simulated engine").isEqualTo(before);

            for (int i = 0; i < 3; i++) {
                assertThat(chat(TestPlatform.demoKey(), "stories260k").statusCode()).isEqualTo(200);
            }
            assertThat(handoffs()).as("llama.cpp tokenises on the dispatching thread").isEqualTo(before + 3);

            String unseen = "hl-" + "x".repeat(43) + System.nanoTime();
            HttpResponse<String> refused = chat(unseen, "loop-model");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("\"code\":\"invalid_api_key\"");
            assertThat(handoffs()).as("an unseen key is looked up in the database, off the loop").isEqualTo(before + 4);

            // Now remembered as unknown for a few seconds: refused on the loop.
            assertThat(chat(unseen, "loop-model").statusCode()).isEqualTo(401);
            assertThat(handoffs()).isEqualTo(before + 4);
        } finally {
            send("DELETE", "/admin/sites/fr-evl", TestPlatform.adminKey(), null);
        }
    }

    private HttpResponse<String> chat(String key, String model) throws Exception {
        return send("POST", "/v1/chat/completions", key, "{\"model\":\"" + model + "\",\"max_tokens\":4,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private double handoffs() throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("hyperlocal_gateway_worker_handoffs_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no hand-off counter in /q/metrics"));
    }
}
