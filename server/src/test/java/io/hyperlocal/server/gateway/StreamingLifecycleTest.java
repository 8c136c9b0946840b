package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.federation.Federation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What happens around a stream: a client that goes away cancels its generation and frees the slot,
 * and every request leaves its trace in the Prometheus metrics.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class StreamingLifecycleTest {
    @TestHTTPResource("/")
    URL base;

    @Inject
    Federation federation;

    @Test
    void clientThatDisconnectsCancelsItsGenerationAndFreesTheSlot() throws Exception {
        String body = "{\"model\":\"stories260k\",\"stream\":true,\"max_tokens\":100000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}";
        long chunksBefore = completionTokens();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + TestPlatform.demoKey() + "\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int contentChunks = 0;
            for (String line = in.readLine(); line != null && contentChunks < 3; line = in.readLine()) {
                if (line.contains("\"content\":\"") && !line.contains("\"role\"")) {
                    contentChunks++;
                }
            }
            assertThat(contentChunks).isEqualTo(3);
            assertThat(running()).isPositive();
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (running() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(running()).as("busy slots after the client left").isZero();
        String metrics = get("/q/metrics");
        assertThat(metrics).contains("status=\"499\"");
        // The context holds about 500 tokens; a cancelled generation stops long before.
        assertThat(completionTokens() - chunksBefore).isLessThan(400);
    }

    @Test
    void metricsRecordRequestsTokensLatenciesAndErrors() throws Exception {
        HttpResponse<String> ok = post("{\"model\":\"stories260k\",\"stream\":true,\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(post("{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}").statusCode())
                .isEqualTo(404);
        String metrics = get("/q/metrics");
        assertThat(metrics)
                .contains("hyperlocal_requests_total{endpoint=\"chat.completions\",model=\"stories260k\"")
                .contains("hyperlocal_errors_total{code=\"model_not_found\",endpoint=\"chat.completions\"}")
                .contains("hyperlocal_time_to_first_token_seconds_bucket{model=\"stories260k\"")
                .contains("hyperlocal_inter_token_latency_seconds_bucket{model=\"stories260k\"")
                .contains("hyperlocal_tokens_total{direction=\"prompt\",model=\"stories260k\"")
                .contains("hyperlocal_tokens_total{direction=\"completion\",model=\"stories260k\"");
    }

    private int running() {
        return federation.sites().stream().flatMap(site -> site.engines().stream())
                .mapToInt((InferenceEngine engine) -> engine.load().running()).sum();
    }

    private long completionTokens() throws Exception {
        return get("/q/metrics").lines()
                .filter(line -> line.startsWith("hyperlocal_tokens_total{direction=\"completion\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("/v1/chat/completions"))
                .header("authorization", "Bearer " + TestPlatform.demoKey())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
