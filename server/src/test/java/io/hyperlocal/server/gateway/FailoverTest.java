package io.hyperlocal.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.federation.Federation;
import io.hyperlocal.server.federation.SiteEngines;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A site that dies in the middle of a stream: the client still sees one complete answer. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class FailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "flaky-model";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Federation federation;

    private List<SiteEngines> original;

    @AfterEach
    void restore() {
        if (original != null) {
            federation.replace(original);
        }
    }

    private TestingEngine[] install(boolean secondAlsoFails) {
        original = federation.sites();
        // The dying engine is idle, so routing prefers it; the rescuer is busier.
        TestingEngine dying = new TestingEngine("dying", MODEL, List.of("Once", " upon", " a"), true, 0);
        TestingEngine rescuer = new TestingEngine("rescuer", MODEL, List.of(" time", " there", " was"), secondAlsoFails, 3);
        List<SiteEngines> sites = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            SiteEngines site = original.get(i);
            List<InferenceEngine> engines = new ArrayList<>(site.engines());
            if (i == 0) {
                engines.add(dying);
            } else if (i == 1) {
                engines.add(rescuer);
            }
            sites.add(new SiteEngines(site.site(), engines));
        }
        federation.replace(sites);
        return new TestingEngine[] {dying, rescuer};
    }

    @Test
    void aStreamThatBreaksMidwayContinuesOnAnotherSite() throws Exception {
        TestingEngine[] engines = install(false);
        HttpResponse<String> response = post(true);

        assertThat(response.statusCode()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        JsonNode usage = null;
        boolean done = false;
        for (String line : response.body().split("\n")) {
            if (line.equals("data: [DONE]")) {
                done = true;
            } else if (line.startsWith("data: ")) {
                JsonNode chunk = JSON.readTree(line.substring(6));
                assertThat(chunk.has("error")).as(line).isFalse();
                chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText("")));
                if (chunk.hasNonNull("usage")) {
                    usage = chunk.get("usage");
                }
            }
        }
        assertThat(done).isTrue();
        assertThat(text.toString()).isEqualTo("Once upon a time there was");
        assertThat(usage.get("completion_tokens").asInt()).isEqualTo(6);
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(engines[1].requests).hasSize(1);
        assertThat(engines[1].requests.get(0).assistantPrefix()).isEqualTo("Once upon a");
        assertThat(engines[1].requests.get(0).sampling().maxTokens()).isEqualTo(50 - 3);
    }

    @Test
    void nonStreamingAnswersAreContinuedToo() throws Exception {
        install(false);
        HttpResponse<String> response = post(false);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).at("/choices/0/message/content").asText())
                .isEqualTo("Once upon a time there was");
    }

    @Test
    void whenNoSiteCanContinueTheStreamEndsWithAnErrorEventAndNoDone() throws Exception {
        install(true);
        HttpResponse<String> response = post(true);
        assertThat(response.body()).contains("\"code\":\"engine_failed\"").doesNotContain("[DONE]");
        // The engine's own words ("rescuer lost its GPU") are the operator's; the caller reads what to do.
        assertThat(response.body()).contains("no other engine the request may use could take it over")
                .doesNotContain("lost its GPU");
    }

    private HttpResponse<String> post(boolean stream) throws Exception {
        String body = "{\"model\":\"" + MODEL + "\",\"stream\":" + stream + (stream ? ",\"stream_options\":{\"include_usage\":true}" : "")
                + ",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toString()).resolve("/v1/chat/completions"))
                .header("authorization", "Bearer " + TestPlatform.demoKey())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
