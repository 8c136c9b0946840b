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
 * Completions are admitted on the event loop while admission has what it needs in memory, and move
 * to a worker thread, with the same answer, when it must ask the database.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class EventLoopAdmissionTest {
    private static final String HELLO = "{\"model\":\"stories260k\",\"max_tokens\":4,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @TestHTTPResource("/")
    URL base;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void aKnownKeyIsServedOnTheLoopAndAnUnseenOneMovesToAWorker() throws Exception {
        // Warm: the demo key, its subscriber's entitlements and allowance lease are loaded.
        assertThat(post(TestPlatform.demoKey()).statusCode()).isEqualTo(200);
        double before = handoffs();

        for (int i = 0; i < 5; i++) {
            assertThat(post(TestPlatform.demoKey()).statusCode()).isEqualTo(200);
        }
        assertThat(handoffs()).as("hand-offs for a known key").isEqualTo(before);

        String unseen = "hl-" + "x".repeat(43) + System.nanoTime();
        HttpResponse<String> refused = post(unseen);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"code\":\"invalid_api_key\"");
        assertThat(handoffs()).as("an unseen key is looked up in the database, off the loop").isEqualTo(before + 1);

        // Now remembered as unknown for a few seconds: refused on the loop.
        assertThat(post(unseen).statusCode()).isEqualTo(401);
        assertThat(handoffs()).isEqualTo(before + 1);
    }

    private HttpResponse<String> post(String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("/v1/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(HELLO)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double handoffs() throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("hyperlocal_gateway_worker_handoffs_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no hand-off counter in /q/metrics"));
    }
}
