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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A residency policy that cannot work is refused with a 400 naming what is wrong, and the policy in
 * force stays as it was.
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class PoliciesResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    static Stream<Arguments> refusals() {
        return Stream.of(
                // UK is no country code (GB is): the rule would never apply and British requesters would
                // get the default rule.
                Arguments.of("a rule for a country that does not exist",
                        "{\"rules\": {\"FR\": {\"allowedTags\": [\"FR\"]}, \"UK\": {\"allowedTags\": [\"UK\"]}},"
                                + " \"defaultRule\": {\"allowedTags\": [\"EU\"]}}",
                        "rules.UK", "GB"),
                Arguments.of("a null allowed tag",
                        "{\"rules\": {\"FR\": {\"allowedTags\": [null]}}, \"defaultRule\": {\"allowedTags\": [\"EU\"]}}",
                        "rules.FR.allowedTags", "holds a null"),
                Arguments.of("a null excluded site",
                        "{\"rules\": {}, \"defaultRule\": {\"allowedTags\": [\"EU\"], \"excludedSiteIds\": [null]}}",
                        "defaultRule.excludedSiteIds", "holds a null"),
                Arguments.of("a null excluded tag",
                        "{\"rules\": {\"DE\": {\"allowedTags\": [\"DE\"], \"excludedTags\": [null]}},"
                                + " \"defaultRule\": {\"allowedTags\": [\"EU\"]}}",
                        "rules.DE.excludedTags", "holds a null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aPolicyThatCannotWorkIsRefused(String name, String body, String field, String hint) throws Exception {
        long before = JSON.readTree(send("GET", null).body()).get("version").asLong();
        HttpResponse<String> refused = send("PUT", body);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(refused.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_value");
        assertThat(error.get("message").asText()).contains(field, hint);
        assertThat(JSON.readTree(send("GET", null).body()).get("version").asLong()).isEqualTo(before);
    }

    private HttpResponse<String> send(String method, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve("/admin/policies"))
                .method(method == null ? "GET" : method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json")
                .header("authorization", "Bearer " + TestPlatform.adminKey())
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
