package io.hyperlocal.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.core.Site;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A real site agent, in this JVM on a port of its own, registering with the test platform through
 * heartbeats: routed to while it beats, down within the detection time when it stops, back when it
 * resumes; and its own API, token and continuation of an assistant prefix.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class SiteAgentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URL base;

    @Test
    void heartbeatsNeedTheFederationToken() throws Exception {
        String beat = "{\"site\": {\"id\": \"fr-nowhere\"}, \"url\": \"http://127.0.0.1:1\", \"engines\": []}";
        HttpResponse<String> missing = send(base(), "POST", "/federation/heartbeat", null, beat);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(code(missing)).isEqualTo("missing_api_key");
        HttpResponse<String> wrong = send(base(), "POST", "/federation/heartbeat", "not-the-token", beat);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(code(wrong)).isEqualTo("invalid_api_key");
        HttpResponse<String> client = send(base(), "POST", "/federation/heartbeat", TestPlatform.demoKey(), beat);
        assertThat(client.statusCode()).isEqualTo(401);
        HttpResponse<String> invalid = send(base(), "POST", "/federation/heartbeat", TestPlatform.FEDERATION_TOKEN, beat);
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
        assertThat(message(invalid)).contains("site.name");
        // A field from a newer agent is ignored, not refused as the admin API refuses a typo: the same
        // beat with it still gets as far as the check of site.name.
        String newer = "{\"site\": {\"id\": \"fr-nowhere\", \"region\": \"south\"}, \"url\": \"http://127.0.0.1:1\","
                + " \"engines\": [], \"agentVersion\": \"9.9\"}";
        HttpResponse<String> fromNewer = send(base(), "POST", "/federation/heartbeat", TestPlatform.FEDERATION_TOKEN,
                newer);
        assertThat(fromNewer.statusCode()).as(fromNewer.body()).isEqualTo(400);
        assertThat(message(fromNewer)).contains("site.name");
    }

    /**
     * Two agents with one site id, or an agent named like a declared site: the id is refused rather
     * than handed over at every beat (it flapped between the two URLs) or the declared site replaced.
     */
    @Test
    void aSiteIdThatIsTakenIsRefusedWithConflict() throws Exception {
        try {
            HttpResponse<String> first = send(base(), "POST", "/federation/heartbeat", TestPlatform.FEDERATION_TOKEN,
                    beat("fr-clash", "http://127.0.0.1:1"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            HttpResponse<String> second = send(base(), "POST", "/federation/heartbeat", TestPlatform.FEDERATION_TOKEN,
                    beat("fr-clash", "http://127.0.0.1:2"));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(code(second)).isEqualTo("conflict");
            assertThat(message(second)).contains("'fr-clash'", "http://127.0.0.1:1", "http://127.0.0.1:2", "site.id");
            HttpResponse<String> site = send(base(), "GET", "/admin/sites/fr-clash", TestPlatform.adminKey(), null);
            assertThat(JSON.readTree(site.body()).at("/engines/0/baseUrl").asText()).isEqualTo("http://127.0.0.1:1/v1");
            // The first agent goes on beating as before.
            assertThat(send(base(), "POST", "/federation/heartbeat", TestPlatform.FEDERATION_TOKEN,
                    beat("fr-clash", "http://127.0.0.1:1")).statusCode()).isEqualTo(200);

            String declaredBefore = send(base(), "GET", "/admin/sites/fr-par", TestPlatform.adminKey(), null).body();
            HttpResponse<String> declared = send(base(), "POST", "/federation/heartbeat", TestPlatform.FEDERATION_TOKEN,
                    beat("fr-par", "http://127.0.0.1:3"));
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(409);
            assertThat(code(declared)).isEqualTo("conflict");
            assertThat(message(declared)).contains("'fr-par'", "/admin/sites", "DELETE /admin/sites/fr-par");
            assertThat(send(base(), "GET", "/admin/sites/fr-par", TestPlatform.adminKey(), null).body())
                    .isEqualTo(declaredBefore);
        } finally {
            send(base(), "DELETE", "/admin/sites/fr-clash", TestPlatform.adminKey(), null);
        }
    }

    private static String beat(String siteId, String url) {
        return "{\"site\": {\"id\": \"" + siteId + "\", \"name\": \"Clash\", \"country\": \"FR\", \"city\": \"Lyon\","
                + " \"latitude\": 45.76, \"longitude\": 4.83, \"jurisdictionTags\": [\"FR\", \"EU\"]}, \"url\": \"" + url
                + "\", \"engines\": [{\"id\": \"sim\", \"models\": [\"clash-model\"], \"slots\": 2}]}";
    }

    @Test
    void aSiteIsRoutedToWhileItBeatsDownWhenItStopsAndBackWhenItResumes() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SiteAgent agent = SiteAgent.start(config("fr-ags", "agent-beat-model"), base(), 0,
                TestPlatform.FEDERATION_TOKEN, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            await(Duration.ofSeconds(5), () -> models().contains("agent-beat-model"));
            // The agent says so once the answer to its heartbeat is back, which may come after the
            // control plane already lists the site: wait for it rather than race it.
            await(Duration.ofSeconds(5), () -> log.toString(StandardCharsets.UTF_8).contains("registered with"));
            assertThat(log.toString(StandardCharsets.UTF_8)).contains("registered with", "fr-ags");
            HttpResponse<String> sites = send(base(), "GET", "/admin/sites/fr-ags", TestPlatform.adminKey(), null);
            assertThat(sites.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(sites.body()).at("/engines/0/kind").asText()).isEqualTo("site-agent");
            assertThat(JSON.readTree(sites.body()).at("/engines/0/baseUrl").asText()).isEqualTo(agent.url() + "/v1");

            HttpResponse<String> served = chat("agent-beat-model", false);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.headers().firstValue("x-hyperlocal-site")).hasValue("fr-ags");
            assertThat(JSON.readTree(served.body()).at("/choices/0/message/content").asText()).startsWith("[simulated]");
            HttpResponse<String> streamed = chat("agent-beat-model", true);
            assertThat(streamed.body()).contains("[simulated]").endsWith("data: [DONE]\n\n");

            agent.pauseHeartbeats(true);
            long paused = System.nanoTime();
            await(Duration.ofSeconds(3), () -> chat("agent-beat-model", false).statusCode() == 503);
            long detectedMillis = (System.nanoTime() - paused) / 1_000_000;
            // Down 1.5 s after the last beat, which was at most one period (250 ms) before the pause.
            assertThat(detectedMillis).isLessThan(1_500 + 250 + 250);
            HttpResponse<String> refused = chat("agent-beat-model", false);
            assertThat(code(refused)).isEqualTo("no_capacity");

            agent.pauseHeartbeats(false);
            await(Duration.ofSeconds(2), () -> chat("agent-beat-model", false).statusCode() == 200);
        } finally {
            send(base(), "DELETE", "/admin/sites/fr-ags", TestPlatform.adminKey(), null);
        }
    }

    /**
     * A stream moved to a second site that then fails too: the allowance and the token metrics settle
     * with what the usage record bills (the prompt once, every token streamed), not with what the
     * last engine alone reported.
     */
    @Test
    void aStreamThatFailsAfterMovingSettlesWhatItsUsageRecordBills() throws Exception {
        String model = "agent-twice-model";
        SiteAgent first = SiteAgent.start(slowConfig("fr-agx", model), base(), 0, TestPlatform.FEDERATION_TOKEN,
                new PrintStream(new ByteArrayOutputStream()));
        SiteAgent second = SiteAgent.start(slowConfig("fr-agy", model), base(), 0, TestPlatform.FEDERATION_TOKEN,
                new PrintStream(new ByteArrayOutputStream()));
        List<SiteAgent> closed = new java.util.ArrayList<>();
        try {
            await(Duration.ofSeconds(5), () -> chat(model, false).statusCode() == 200);
            double tokensBefore = tokenMetric(model);
            HttpRequest request = HttpRequest.newBuilder(base().resolve("/v1/chat/completions"))
                    .header("authorization", "Bearer " + TestPlatform.demoKey()).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"" + model + "\", \"messages\": [{\"role\": "
                            + "\"user\", \"content\": \"Tell me a long story about Lyon\"}], \"max_tokens\": 200, \"stream\": true}"))
                    .build();
            HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
            String requestId = response.headers().firstValue("x-request-id").orElseThrow();
            String firstSite = response.headers().firstValue("x-hyperlocal-site").orElseThrow();
            java.util.Iterator<String> lines = response.body().iterator();
            List<String> data = new java.util.ArrayList<>();
            while (data.size() < 3 && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    data.add(line);
                }
            }
            closed.add(firstSite.equals("fr-agx") ? first : second);
            closed.get(0).close();
            while (data.size() < 8 && lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    data.add(line);
                }
            }
            closed.add(firstSite.equals("fr-agx") ? second : first);
            closed.get(1).close();
            while (lines.hasNext()) {
                data.add(lines.next());
            }
            assertThat(String.join("\n", data)).contains("engine_failed").doesNotContain("[DONE]");

            JsonNode[] usage = new JsonNode[1];
            await(Duration.ofSeconds(10), () -> {
                HttpResponse<String> found = send(base(), "GET", "/tmf-api/usageManagement/v5/usage/" + requestId,
                        TestPlatform.adminKey(), null);
                usage[0] = found.statusCode() == 200 ? JSON.readTree(found.body()) : null;
                return usage[0] != null;
            });
            long billed = 0;
            for (JsonNode characteristic : usage[0].get("usageCharacteristic")) {
                if (characteristic.get("name").asText().equals("totalTokens")) {
                    billed = characteristic.get("value").asLong();
                }
            }
            assertThat(usage[0].toString()).contains("\"value\":\"failed\"");
            assertThat(billed).isPositive();
            assertThat(tokenMetric(model) - tokensBefore).as("hyperlocal_tokens_total against the record " + usage[0])
                    .isEqualTo((double) billed);
        } finally {
            for (SiteAgent agent : List.of(first, second)) {
                if (!closed.contains(agent)) {
                    agent.close();
                }
            }
            send(base(), "DELETE", "/admin/sites/fr-agx", TestPlatform.adminKey(), null);
            send(base(), "DELETE", "/admin/sites/fr-agy", TestPlatform.adminKey(), null);
        }
    }

    private double tokenMetric(String model) throws Exception {
        double sum = 0;
        for (String line : send(base(), "GET", "/q/metrics", null, null).body().split("\n")) {
            if (line.startsWith("hyperlocal_tokens_total{") && line.contains("model=\"" + model + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static SiteConfig slowConfig(String id, String model) {
        Site site = new Site(id, "Lyon", "FR", "Lyon", 45.764, 4.8357, Set.of("FR", "EU"));
        return new SiteConfig(site, "", 0, "", List.of(new SiteConfig.Engine("sim", "simulated", List.of(model), 4,
                Duration.ofMillis(5), Duration.ofMillis(80), 42, "", 2048, 0)));
    }

    @Test
    void theAgentServesItsEnginesWithTheTokenAndContinuesAnAssistantPrefix() throws Exception {
        try (SiteAgent agent = SiteAgent.start(config("fr-agd", "agent-direct-model"), URI.create("http://127.0.0.1:1"),
                0, TestPlatform.FEDERATION_TOKEN, new PrintStream(new ByteArrayOutputStream()))) {
            URI agentUri = URI.create(agent.url());
            assertThat(send(agentUri, "GET", "/v1/models", null, null).statusCode()).isEqualTo(401);
            assertThat(send(agentUri, "GET", "/v1/models", "wrong", null).statusCode()).isEqualTo(401);
            HttpResponse<String> models = send(agentUri, "GET", "/v1/models", TestPlatform.FEDERATION_TOKEN, null);
            assertThat(JSON.readTree(models.body()).findValuesAsText("id")).containsExactly("agent-direct-model");
            HttpResponse<String> metrics = send(agentUri, "GET", "/metrics", TestPlatform.FEDERATION_TOKEN, null);
            assertThat(metrics.body()).contains("vllm:num_requests_running", "agent-direct-model");
            assertThat(send(agentUri, "GET", "/health", null, null).statusCode()).isEqualTo(200);

            String user = "{\"role\": \"user\", \"content\": \"Tell me about Lyon\"}";
            String whole = content(send(agentUri, "POST", "/v1/chat/completions", TestPlatform.FEDERATION_TOKEN,
                    "{\"model\": \"agent-direct-model\", \"messages\": [" + user + "], \"max_tokens\": 30, \"seed\": 7}"));
            String[] words = whole.split("(?<= )");
            String prefix = String.join("", List.of(words).subList(0, 12));
            String rest = content(send(agentUri, "POST", "/v1/chat/completions", TestPlatform.FEDERATION_TOKEN,
                    "{\"model\": \"agent-direct-model\", \"messages\": [" + user + ", {\"role\": \"assistant\", "
                            + "\"content\": " + JSON.writeValueAsString(prefix) + "}], \"max_tokens\": 18, \"seed\": 7,"
                            + " \"continue_final_message\": true, \"add_generation_prompt\": false}"));
            assertThat(prefix + rest).isEqualTo(whole);
        }
        // The gateway itself does not continue messages: it says so rather than ignore the field.
        HttpResponse<String> gateway = send(base(), "POST", "/v1/chat/completions", TestPlatform.demoKey(),
                "{\"model\": \"stories260k\", \"messages\": [{\"role\": \"assistant\", \"content\": \"Once\"}],"
                        + " \"continue_final_message\": true}");
        assertThat(gateway.statusCode()).isEqualTo(400);
        assertThat(code(gateway)).isEqualTo("unsupported_parameter");
    }

    /** A llama.cpp engine whose model file is missing names the engine and where it looked, before anything starts. */
    @Test
    void aMissingModelFileNamesTheEngineAndThePath() {
        Site site = new Site("fr-agm", "Lyon", "FR", "Lyon", 45.764, 4.8357, Set.of("FR", "EU"));
        SiteConfig config = new SiteConfig(site, "", 0, "", List.of(new SiteConfig.Engine("local", "llama.cpp",
                List.of(), 1, Duration.ZERO, Duration.ZERO, 42, "no-such-dir/missing.gguf", 2048, 0)));
        assertThatThrownBy(() -> SiteAgent.start(config, URI.create("http://127.0.0.1:1"), 0,
                TestPlatform.FEDERATION_TOKEN, new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engine local")
                .hasMessageContaining("not there (looked at " + Path.of("no-such-dir/missing.gguf").toAbsolutePath())
                .hasMessageContaining("./hyperlocal models list");
    }

    private static SiteConfig config(String id, String model) {
        Site site = new Site(id, "Lyon", "FR", "Lyon", 45.764, 4.8357, Set.of("FR", "EU"));
        return new SiteConfig(site, "", 0, "", List.of(new SiteConfig.Engine("sim", "simulated", List.of(model), 4,
                Duration.ofMillis(5), Duration.ofMillis(2), 42, "", 2048, 0)));
    }

    private URI base() {
        return URI.create(base.toString());
    }

    private List<String> models() throws Exception {
        HttpResponse<String> models = send(base(), "GET", "/v1/models", TestPlatform.demoKey(), null);
        return JSON.readTree(models.body()).get("data").findValuesAsText("id");
    }

    private HttpResponse<String> chat(String model, boolean stream) throws Exception {
        return send(base(), "POST", "/v1/chat/completions", TestPlatform.demoKey(), "{\"model\": \"" + model
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Bonjour\"}], \"max_tokens\": 8, \"stream\": "
                + stream + "}");
    }

    private static String content(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).at("/choices/0/message/content").asText();
    }

    private static String code(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/error/code").asText();
    }

    private static String message(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/error/message").asText();
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Duration limit, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("condition within " + limit).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static HttpResponse<String> send(URI base, String method, String path, String key, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
