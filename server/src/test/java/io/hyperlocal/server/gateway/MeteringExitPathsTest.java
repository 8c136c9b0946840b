package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.federation.Federation;
import io.hyperlocal.server.federation.SiteEngines;
import io.hyperlocal.server.metering.LedgerReader;
import io.hyperlocal.server.metering.UsageLedger;
import io.hyperlocal.server.metering.UsageRecord;
import io.hyperlocal.server.metering.UsageStatus;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way an admitted request can end leaves exactly one usage record in the ledger, with the
 * tokens the client was told about; a request refused before admission leaves none.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class MeteringExitPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAKY = "metered-flaky-model";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Federation federation;

    @Inject
    UsageLedger ledger;

    @Inject
    LedgerReader reader;

    @Inject
    DataSource dataSource;

    private List<SiteEngines> original;

    @AfterEach
    void restore() {
        if (original != null) {
            federation.replace(original);
            original = null;
        }
    }

    @Test
    void aNonStreamingAnswerHasOneCompletedRecordWithItsUsage() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", TestPlatform.demoKey(),
                "{\"model\":\"stories260k\",\"max_tokens\":12,\"messages\":[{\"role\":\"user\",\"content\":\"Once\"}]}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode usage = JSON.readTree(response.body()).get("usage");
        UsageRecord record = onlyRecord(requestId(response));
        assertThat(record.status()).isEqualTo(UsageStatus.COMPLETED);
        assertThat(record.endpoint()).isEqualTo("chat.completions");
        assertThat(record.model()).isEqualTo("stories260k");
        assertThat(record.site()).isEqualTo(response.headers().firstValue("x-hyperlocal-site").orElseThrow());
        assertThat(record.promptTokens()).isEqualTo(usage.get("prompt_tokens").asInt());
        assertThat(record.completionTokens()).isEqualTo(usage.get("completion_tokens").asInt()).isPositive();
        assertThat(record.jurisdiction()).isEqualTo("FR");
        assertThat(record.source()).isEqualTo(ledger.source());
        assertThat(record.firstTokenMillis()).isBetween(0L, record.totalMillis());
        assertThat(record.queuedMillis()).isBetween(0L, record.totalMillis());
        assertThat(record.errorCode()).isEmpty();
    }

    @Test
    void aStreamedAnswerHasOneCompletedRecordMatchingItsUsageChunk() throws Exception {
        HttpResponse<String> response = post("/v1/completions", TestPlatform.demoKey(),
                "{\"model\":\"stories260k\",\"max_tokens\":10,\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"prompt\":\"Once upon a time\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("data: [DONE]");
        JsonNode usage = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {") && line.contains("\"usage\":{")) {
                usage = JSON.readTree(line.substring(6)).get("usage");
            }
        }
        UsageRecord record = onlyRecord(requestId(response));
        assertThat(record.status()).isEqualTo(UsageStatus.COMPLETED);
        assertThat(record.endpoint()).isEqualTo("completions");
        assertThat(record.promptTokens()).isEqualTo(usage.get("prompt_tokens").asInt());
        assertThat(record.completionTokens()).isEqualTo(usage.get("completion_tokens").asInt());
    }

    @Test
    void aClientThatGoesAwayMidStreamLeavesOneCancelledRecord() throws Exception {
        String body = "{\"model\":\"stories260k\",\"stream\":true,\"max_tokens\":100000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Once upon a time\"}]}";
        String requestId = null;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000); // an unexpected answer (an error body, no stream) fails, never hangs
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
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-request-id:")) {
                    requestId = line.substring(line.indexOf(':') + 1).strip();
                }
                if (line.contains("\"content\":\"") && !line.contains("\"role\"")) {
                    contentChunks++;
                }
            }
            assertThat(contentChunks).isEqualTo(3);
        }
        assertThat(requestId).isNotNull();
        UsageRecord record = awaitRecord(requestId);
        assertThat(record.status()).isEqualTo(UsageStatus.CANCELLED);
        assertThat(record.completionTokens()).isGreaterThanOrEqualTo(3);
        assertThat(count(requestId)).isEqualTo(1);
    }

    @Test
    void anEngineThatFailsBeforeItsFirstTokenLeavesOneFailedRecord() throws Exception {
        install(new TestingEngine("broken", FLAKY, List.of(), true, 0), null);
        HttpResponse<String> response = post("/v1/chat/completions", TestPlatform.demoKey(), flakyBody(false));
        assertThat(response.statusCode()).isEqualTo(502);
        UsageRecord record = onlyRecord(requestId(response));
        assertThat(record.status()).isEqualTo(UsageStatus.FAILED);
        assertThat(record.errorCode()).isEqualTo("engine_failed");
        assertThat(record.completionTokens()).isZero();
        assertThat(record.firstTokenMillis()).isEqualTo(-1);
    }

    @Test
    void aStreamThatBreaksAndCannotContinueLeavesOneFailedRecordWithEveryToken() throws Exception {
        install(new TestingEngine("dying", FLAKY, List.of("Once", " upon", " a"), true, 0),
                new TestingEngine("also-dying", FLAKY, List.of(" time", " there"), true, 3));
        HttpResponse<String> response = post("/v1/chat/completions", TestPlatform.demoKey(), flakyBody(true));
        assertThat(response.body()).contains("\"code\":\"engine_failed\"").doesNotContain("[DONE]");
        UsageRecord record = onlyRecord(requestId(response));
        assertThat(record.status()).isEqualTo(UsageStatus.FAILED);
        assertThat(record.errorCode()).isEqualTo("engine_failed");
        assertThat(record.promptTokens()).isEqualTo(7);
        assertThat(record.completionTokens()).isEqualTo(5);
        assertThat(record.site()).isEqualTo(original.get(1).site().id());
    }

    @Test
    void aStreamMovedToAnotherSiteIsOneRecordOnTheSiteThatFinishedIt() throws Exception {
        install(new TestingEngine("dying", FLAKY, List.of("Once", " upon", " a"), true, 0),
                new TestingEngine("rescuer", FLAKY, List.of(" time", " there", " was"), false, 3));
        HttpResponse<String> response = post("/v1/chat/completions", TestPlatform.demoKey(), flakyBody(true));
        assertThat(response.body()).contains("[DONE]");
        UsageRecord record = onlyRecord(requestId(response));
        assertThat(record.status()).isEqualTo(UsageStatus.COMPLETED);
        assertThat(record.site()).isEqualTo(original.get(1).site().id());
        assertThat(record.promptTokens()).isEqualTo(7);
        assertThat(record.completionTokens()).isEqualTo(6);
    }

    @Test
    void embeddingsHaveOneCompletedRecord() throws Exception {
        HttpResponse<String> response = post("/v1/embeddings", TestPlatform.demoKey(),
                "{\"model\":\"all-minilm-l6-v2\",\"input\":[\"sovereign AI\",\"local data centres\"]}");
        assertThat(response.statusCode()).isEqualTo(200);
        UsageRecord record = onlyRecord(requestId(response));
        assertThat(record.endpoint()).isEqualTo("embeddings");
        assertThat(record.status()).isEqualTo(UsageStatus.COMPLETED);
        assertThat(record.promptTokens()).isEqualTo(JSON.readTree(response.body()).at("/usage/prompt_tokens").asInt());
        assertThat(record.completionTokens()).isZero();
    }

    @Test
    void aRequestRefusedAfterAdmissionIsOneFailedRecord() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("/v1/chat/completions"))
                .header("authorization", "Bearer " + TestPlatform.demoKey())
                .header("content-type", "application/json")
                .header("x-hyperlocal-jurisdiction", "DE")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"stories260k\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")));
        assertThat(response.statusCode()).isEqualTo(403);
        UsageRecord record = onlyRecord(requestId(response));
        assertThat(record.status()).isEqualTo(UsageStatus.FAILED);
        assertThat(record.errorCode()).isEqualTo("jurisdiction_not_allowed");
        assertThat(record.site()).isEmpty();
        assertThat(record.promptTokens() + record.completionTokens()).isZero();
    }

    /** Before admission (no key, unknown model, bad body) a request used nothing: no record. */
    @Test
    void requestsRefusedBeforeAdmissionHaveNoRecord() throws Exception {
        List<HttpResponse<String>> refused = List.of(
                post("/v1/chat/completions", "hl-not-a-key",
                        "{\"model\":\"stories260k\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                post("/v1/chat/completions", TestPlatform.demoKey(),
                        "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                post("/v1/chat/completions", TestPlatform.demoKey(), "{\"model\":"),
                post("/v1/embeddings", TestPlatform.demoKey(), "{\"model\":\"all-minilm-l6-v2\",\"input\":[]}"));
        ledger.shipNow();
        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).isBetween(400, 499);
            assertThat(count(requestId(response))).as(response.body()).isZero();
        }
    }

    private void install(TestingEngine first, TestingEngine second) {
        original = federation.sites();
        List<SiteEngines> sites = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            SiteEngines site = original.get(i);
            List<InferenceEngine> engines = new ArrayList<>(site.engines());
            if (i == 0) {
                engines.add(first);
            } else if (i == 1 && second != null) {
                engines.add(second);
            }
            sites.add(new SiteEngines(site.site(), engines));
        }
        federation.replace(sites);
    }

    private static String flakyBody(boolean stream) {
        return "{\"model\":\"" + FLAKY + "\",\"stream\":" + stream + ",\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
    }

    private UsageRecord onlyRecord(String requestId) throws Exception {
        ledger.shipNow();
        assertThat(count(requestId)).as("usage records of " + requestId).isEqualTo(1);
        return reader.find(requestId).orElseThrow().record();
    }

    private UsageRecord awaitRecord(String requestId) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            ledger.shipNow();
            Optional<LedgerReader.Row> row = reader.find(requestId);
            if (row.isPresent() || System.nanoTime() > deadline) {
                return row.orElseThrow(() -> new AssertionError("no usage record for " + requestId + " within 5 s")).record();
            }
            Thread.sleep(20);
        }
    }

    private long count(String requestId) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select count(*) from usage_ledger where id = ?")) {
            statement.setString(1, requestId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("x-request-id").orElseThrow();
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
