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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A script that calls the admin, console or federation API wrongly gets the OpenAI error body with a
 * code and a message, as /v1 does, never an empty answer; the TM Forum APIs keep their own shape.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class AdminErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    @TestHTTPResource("/")
    URL base;

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("unknown admin URL", "GET", "/admin/nothing", null, JSON_TYPE, JSON_TYPE, 404, "unknown_url",
                        "GET /admin/nothing"),
                Arguments.of("wrong method", "PUT", "/admin/sites", "{}", JSON_TYPE, JSON_TYPE, 405,
                        "method_not_allowed", "PUT /admin/sites"),
                Arguments.of("wrong method on a collection", "DELETE", "/admin/subscribers", null, JSON_TYPE, JSON_TYPE,
                        405, "method_not_allowed", "DELETE /admin/subscribers"),
                Arguments.of("body not JSON", "POST", "/admin/subscribers", "id=1", "text/plain", JSON_TYPE, 415,
                        "unsupported_media_type", "text/plain"),
                Arguments.of("answer type not offered", "GET", "/admin/sites", null, JSON_TYPE, "text/csv", 406,
                        "not_acceptable", "text/csv"),
                Arguments.of("malformed JSON", "POST", "/admin/subscribers", "{\"id\":", JSON_TYPE, JSON_TYPE, 400,
                        "invalid_json", "cannot be read as JSON"),
                Arguments.of("an array for an object", "PUT", "/admin/sites/fr-xyz", "[1, 2]", JSON_TYPE, JSON_TYPE, 400,
                        "invalid_type", "a JSON object"),
                Arguments.of("a string for a list", "PUT", "/admin/policies", "{\"defaultRule\": {\"allowedTags\": \"EU\"}}", JSON_TYPE,
                        JSON_TYPE, 400, "invalid_type", "an array"),
                Arguments.of("a date that is not one", "POST", "/admin/keys",
                        "{\"subscriberId\": \"sub-1\", \"expiresAt\": \"tomorrow\"}", JSON_TYPE, JSON_TYPE, 400,
                        "invalid_value", "got \"tomorrow\""),
                Arguments.of("a misspelt field", "PUT", "/admin/sites/fr-xyz", "{\"name\": \"X\", \"engnes\": []}",
                        JSON_TYPE, JSON_TYPE, 400, "unknown_parameter", "Unknown field 'engnes'"),
                Arguments.of("a misspelt nested field", "PUT", "/admin/policies",
                        "{\"defaultRule\": {\"alowedTags\": [\"EU\"]}}", JSON_TYPE, JSON_TYPE, 400,
                        "unknown_parameter", "'defaultRule.alowedTags'"),
                Arguments.of("a misspelt filter", "GET", "/admin/usage/daily?subscribr=sub-1", null, JSON_TYPE, JSON_TYPE,
                        400, "unknown_parameter", "'subscribr' for GET /admin/usage/daily; it takes from, model, subscriber, to"),
                Arguments.of("a parameter a console call does not take", "GET", "/console/api/overview?site=fr-par", null,
                        JSON_TYPE, JSON_TYPE, 400, "unknown_parameter", "which takes none"),
                Arguments.of("limit not a number", "GET", "/admin/routes?limit=many", null, JSON_TYPE, JSON_TYPE, 400,
                        "invalid_value", "'many'"),
                Arguments.of("unknown console API URL", "GET", "/console/api/nothing", null, JSON_TYPE, JSON_TYPE, 404,
                        "unknown_url", "/console/api/nothing"),
                Arguments.of("unknown federation URL", "POST", "/federation/nothing", "{}", JSON_TYPE, JSON_TYPE, 404,
                        "unknown_url", "/federation/nothing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusalHasTheOpenAiErrorBody(String name, String method, String path, String body, String contentType,
            String accept, int status, String code, String messagePart) throws Exception {
        HttpResponse<String> response = send(method, path, body, contentType, accept);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(messagePart);
        assertThat(error.path("type").asText()).isNotEmpty();
    }

    @Test
    void tmfKeepsItsOwnErrorShape() throws Exception {
        HttpResponse<String> response = send("GET", "/tmf-api/productCatalogManagement/v5/nothing", null, JSON_TYPE,
                JSON_TYPE);
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.path("@type").asText()).isEqualTo("Error");
        assertThat(error.path("code").asText()).isEqualTo("unknown_url");
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String accept)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", contentType)
                .header("accept", accept)
                .header("authorization", "Bearer " + TestPlatform.adminKey())
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
