package io.hyperlocal.server.gateway;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad requests of many kinds: each gets the right status and an OpenAI error body with a stable
 * code, and the server keeps serving afterwards.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class MalformedRequestTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT = "/v1/chat/completions";
    private static final String OK_MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

    @TestHTTPResource("/")
    URL base;

    /** {@code name, method, path, body, status, code, param (or "" when null)}. */
    static Stream<Arguments> badRequests() {
        String model = "\"model\":\"stories260k\",";
        return Stream.of(
                Arguments.of("truncated JSON", "POST", CHAT, "{\"model\":", 400, "invalid_json", ""),
                Arguments.of("not JSON at all", "POST", CHAT, "hello there", 400, "invalid_json", ""),
                Arguments.of("a JSON array", "POST", CHAT, "[1,2]", 400, "invalid_json", ""),
                Arguments.of("empty body", "POST", CHAT, "", 400, "invalid_json", ""),
                Arguments.of("trailing garbage", "POST", CHAT, "{" + model + OK_MESSAGES + "} {}", 400, "invalid_json", ""),
                Arguments.of("duplicate key", "POST", CHAT, "{" + model + model + OK_MESSAGES + "}", 400, "invalid_json", ""),
                Arguments.of("nesting bomb", "POST", CHAT, "[".repeat(5000) + "]".repeat(5000), 400, "invalid_json", ""),
                Arguments.of("missing model", "POST", CHAT, "{" + OK_MESSAGES + "}", 400, "missing_required_parameter", "model"),
                Arguments.of("model not a string", "POST", CHAT, "{\"model\":42," + OK_MESSAGES + "}", 400, "invalid_type", "model"),
                Arguments.of("missing messages", "POST", CHAT, "{\"model\":\"stories260k\"}", 400, "missing_required_parameter", "messages"),
                Arguments.of("messages not an array", "POST", CHAT, "{" + model + "\"messages\":\"hi\"}", 400, "invalid_type", "messages"),
                Arguments.of("messages empty", "POST", CHAT, "{" + model + "\"messages\":[]}", 400, "invalid_value", "messages"),
                Arguments.of("message not an object", "POST", CHAT, "{" + model + "\"messages\":[42]}", 400, "invalid_type", "messages[0]"),
                Arguments.of("unknown role", "POST", CHAT, "{" + model + "\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", 400, "invalid_value", "messages[0].role"),
                Arguments.of("content a number", "POST", CHAT, "{" + model + "\"messages\":[{\"role\":\"user\",\"content\":5}]}", 400, "invalid_type", "messages[0].content"),
                Arguments.of("user message without content", "POST", CHAT, "{" + model + "\"messages\":[{\"role\":\"user\"}]}", 400, "missing_required_parameter", "messages[0].content"),
                Arguments.of("image content part", "POST", CHAT, "{" + model + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}", 400, "unsupported_parameter", "messages[0].content[0].type"),
                Arguments.of("temperature a string", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"temperature\":\"hot\"}", 400, "invalid_type", "temperature"),
                Arguments.of("temperature too high", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"temperature\":2.5}", 400, "invalid_value", "temperature"),
                Arguments.of("top_p negative", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"top_p\":-0.1}", 400, "invalid_value", "top_p"),
                Arguments.of("max_tokens zero", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"max_tokens\":0}", 400, "invalid_value", "max_tokens"),
                Arguments.of("max_completion_tokens fractional", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"max_completion_tokens\":1.5}", 400, "invalid_type", "max_completion_tokens"),
                Arguments.of("max_tokens beyond 32 bits", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"max_tokens\":99999999999}", 400, "invalid_value", "max_tokens"),
                Arguments.of("seed a string", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"seed\":\"abc\"}", 400, "invalid_type", "seed"),
                Arguments.of("five stop sequences", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", 400, "invalid_value", "stop"),
                Arguments.of("stop sequence too long", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"stop\":\"" + "e".repeat(1001) + "\"}", 400, "invalid_value", "stop"),
                Arguments.of("second stop sequence too long", "POST", "/v1/completions", "{" + model + "\"prompt\":\"x\",\"stop\":[\"a\",\"" + "e".repeat(1001) + "\"]}", 400, "invalid_value", "stop[1]"),
                Arguments.of("stop a number", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"stop\":7}", 400, "invalid_type", "stop"),
                Arguments.of("stream not a boolean", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"stream\":\"yes\"}", 400, "invalid_type", "stream"),
                Arguments.of("stream_options without stream", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"stream_options\":{\"include_usage\":true}}", 400, "invalid_value", "stream_options"),
                Arguments.of("unknown parameter", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"temprature\":1}", 400, "unknown_parameter", "temprature"),
                Arguments.of("n above one", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"n\":3}", 400, "unsupported_parameter", "n"),
                Arguments.of("tools", "POST", CHAT, "{" + model + OK_MESSAGES + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}", 400, "unsupported_parameter", "tools"),
                Arguments.of("unknown model", "POST", CHAT, "{\"model\":\"gpt-17\"," + OK_MESSAGES + "}", 404, "model_not_found", "model"),
                Arguments.of("prompt longer than the context", "POST", CHAT, "{" + model + "\"messages\":[{\"role\":\"user\",\"content\":\""
                        + "once upon a time ".repeat(400) + "\"}]}", 400, "context_length_exceeded", "messages"),
                Arguments.of("body over the size limit", "POST", CHAT, "{" + model + "\"messages\":[{\"role\":\"user\",\"content\":\""
                        + "x".repeat(1_200_000) + "\"}]}", 413, "payload_too_large", ""),
                Arguments.of("completions prompt a number", "POST", "/v1/completions", "{" + model + "\"prompt\":3}", 400, "invalid_type", "prompt"),
                Arguments.of("completions token prompt", "POST", "/v1/completions", "{" + model + "\"prompt\":[1,2,3]}", 400, "unsupported_parameter", "prompt"),
                Arguments.of("embeddings without input", "POST", "/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\"}", 400, "missing_required_parameter", "input"),
                Arguments.of("embeddings empty input", "POST", "/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\",\"input\":\"\"}", 400, "invalid_value", "input"),
                Arguments.of("embeddings input an object", "POST", "/v1/embeddings", "{\"model\":\"all-minilm-l6-v2\",\"input\":{}}", 400, "invalid_type", "input"),
                Arguments.of("embeddings unknown model", "POST", "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}", 404, "model_not_found", "model"),
                Arguments.of("wrong method", "GET", CHAT, "", 405, "method_not_allowed", ""),
                Arguments.of("unknown endpoint", "POST", "/v1/assistants", "{}", 404, "unknown_url", ""),
                Arguments.of("unknown model endpoint method", "DELETE", "/v1/models/stories260k", "", 405, "method_not_allowed", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestGetsAnOpenAiError(String name, String method, String path, String body, int status, String code,
            String param) throws Exception {
        HttpResponse<String> response = send(method, path, body, "Bearer " + TestPlatform.demoKey(), "application/json");
        assertError(response, status, code, param);
    }

    @Test
    void missingKey() throws Exception {
        assertError(send("POST", CHAT, "{}", null, "application/json"), 401, "missing_api_key", "");
    }

    @Test
    void emptyBearerSaysTheKeyIsMissing() throws Exception {
        HttpResponse<String> response = send("POST", CHAT, "{}", "Bearer ", "application/json");
        assertError(response, 401, "missing_api_key", "");
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("no key after 'Bearer'");
    }

    @Test
    void wrongKeyIsRefusedEvenWithABadBody() throws Exception {
        assertError(send("POST", CHAT, "{not json", "Bearer hl-not-a-key", "application/json"), 401, "invalid_api_key", "");
    }

    @Test
    void wrongContentType() throws Exception {
        assertError(send("POST", CHAT, "{}", "Bearer " + TestPlatform.demoKey(), "text/plain"), 415,
                "unsupported_media_type", "");
    }

    /**
     * A body that does not parse is described in the caller's terms: what and where, never Jackson's
     * class, feature or setting names.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "duplicate key  | {\"model\":\"stories260k\",\"model\":\"x\"}  | Duplicate field 'model'",
            "truncated      | {                                        | expected close marker for Object (start marker at line 1, column 1)",
            "nesting bomb   | DEEP                                     | nested more than 64 levels deep"})
    void unparsableBodySaysWhatIsWrongInPlainWords(String name, String body, String expected) throws Exception {
        String sent = body.equals("DEEP") ? "[".repeat(5000) + "]".repeat(5000) : body;
        HttpResponse<String> response = send("POST", CHAT, sent, "Bearer " + TestPlatform.demoKey(), "application/json");
        assertError(response, 400, "invalid_json", "");
        assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                .contains(expected)
                .doesNotContain("`", "Feature", "REDACTED", "ObjectNode", "StreamReadConstraints");
    }

    /** The embedding model is listed by /v1/models: asked for a completion, the answer says where it is served. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {CHAT, "/v1/completions"})
    void embeddingModelOnACompletionEndpointSaysWhereItIsServed(String path) throws Exception {
        String body = path.equals(CHAT) ? "{\"model\":\"all-minilm-l6-v2\"," + OK_MESSAGES + "}"
                : "{\"model\":\"all-minilm-l6-v2\",\"prompt\":\"Hi\"}";
        HttpResponse<String> response = send("POST", path, body, "Bearer " + TestPlatform.demoKey(), "application/json");
        assertError(response, 404, "model_not_found", "model");
        assertThat(JSON.readTree(response.body()).at("/error/message").asText())
                .contains("is an embedding model", "/v1/embeddings").doesNotContain("does not exist");
    }

    /** Request bodies are not inflated: a compressed one is refused as such, not reported as broken JSON. */
    @Test
    void compressedBodyIsRefusedAsUnsupportedEncoding() throws Exception {
        var gzipped = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write(("{\"model\":\"stories260k\"," + OK_MESSAGES + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(CHAT))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray()))
                .header("content-type", "application/json").header("content-encoding", "gzip")
                .header("authorization", "Bearer " + TestPlatform.demoKey()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertError(response, 415, "unsupported_media_type", "");
        assertThat(JSON.readTree(response.body()).at("/error/message").asText()).contains("Content-Encoding 'gzip'");
    }

    @Test
    void zzServerStillAnswersAfterAllOfThem() throws Exception {
        badRequests().forEach(arguments -> {
            Object[] a = arguments.get();
            try {
                send((String) a[1], (String) a[2], (String) a[3], "Bearer " + TestPlatform.demoKey(), "application/json");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        HttpResponse<String> response = send("POST", CHAT, "{\"model\":\"stories260k\"," + OK_MESSAGES
                + ",\"max_tokens\":5}", "Bearer " + TestPlatform.demoKey(), "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-hyperlocal-site")).isPresent();
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(JSON.readTree(response.body()).at("/choices/0/message/content").isTextual()).isTrue();
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", contentType);
        if (authorization != null) {
            request.header("authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String param) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error).as(response.body()).isNotNull();
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        if (param.isEmpty()) {
            assertThat(error.get("param").isNull()).as(response.body()).isTrue();
        } else {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
    }
}
