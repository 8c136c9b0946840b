package io.hyperlocal.server.subscribers;

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
import org.junit.jupiter.api.Test;

/** The BSS and the platform team manage subscribers and partner applications through /admin. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class SubscribersResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Test
    void aSubscriberIsCreatedReadListedReplacedAndDeleted() throws Exception {
        HttpResponse<String> created = send("POST", "/admin/subscribers", """
                {"id": "rest-1", "msisdn": "+33 6 11 22 33 44", "country": "fr", "birthYear": 1984,
                 "billingAccount": "BA-77"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/admin/subscribers/rest-1"));
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.get("msisdn").asText()).isEqualTo("+33611223344");
        assertThat(body.get("country").asText()).isEqualTo("FR");

        JsonNode read = JSON.readTree(send("GET", "/admin/subscribers/rest-1", null).body());
        assertThat(read).isEqualTo(body);

        HttpResponse<String> replaced = send("PUT", "/admin/subscribers/rest-1", """
                {"msisdn": "+33611223344", "country": "FR", "billingAccount": "BA-78"}""");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        JsonNode after = JSON.readTree(send("GET", "/admin/subscribers/rest-1", null).body());
        assertThat(after.get("billingAccount").asText()).isEqualTo("BA-78");
        assertThat(after.get("birthYear").isNull()).isTrue();

        assertThat(send("DELETE", "/admin/subscribers/rest-1", null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = send("GET", "/admin/subscribers/rest-1", null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).at("/error/code").asText()).isEqualTo("not_found");
        assertThat(send("DELETE", "/admin/subscribers/rest-1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void theListIsPagedByIdWithTheTotalInAHeader() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(send("POST", "/admin/subscribers", "{\"id\": \"page-" + i + "\", \"msisdn\": \"+4915100000" + i
                    + "\", \"country\": \"DE\", \"billingAccount\": \"BA\"}").statusCode()).isEqualTo(201);
        }
        try {
            HttpResponse<String> all = send("GET", "/admin/subscribers?limit=1000", null);
            long total = Long.parseLong(all.headers().firstValue("x-total-count").orElseThrow());
            assertThat(total).isGreaterThanOrEqualTo(5).isEqualTo(JSON.readTree(all.body()).size());
            java.util.List<String> ids = JSON.readTree(all.body()).findValuesAsText("id");
            int first = ids.indexOf("page-0");

            HttpResponse<String> page = send("GET", "/admin/subscribers?offset=" + (first + 1) + "&limit=2", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(page.body()).findValuesAsText("id")).containsExactly("page-1", "page-2");
            assertThat(page.headers().firstValue("x-total-count")).hasValue(Long.toString(total));

            HttpResponse<String> badLimit = send("GET", "/admin/subscribers?limit=0", null);
            assertThat(badLimit.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(badLimit.body()).at("/error/param").asText()).isEqualTo("limit");
            HttpResponse<String> badOffset = send("GET", "/admin/subscribers?offset=-1", null);
            assertThat(JSON.readTree(badOffset.body()).at("/error/param").asText()).isEqualTo("offset");
        } finally {
            for (int i = 0; i < 5; i++) {
                send("DELETE", "/admin/subscribers/page-" + i, null);
            }
        }
    }

    @Test
    void aBadFieldIsA400ThatNamesItAndADuplicateIsA409() throws Exception {
        HttpResponse<String> badNumber = send("POST", "/admin/subscribers", """
                {"id": "bad-1", "msisdn": "0612345678", "country": "FR", "billingAccount": "BA"}""");
        assertThat(badNumber.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(badNumber.body()).get("error");
        assertThat(error.get("param").asText()).isEqualTo("msisdn");
        assertThat(error.get("code").asText()).isEqualTo("invalid_value");
        assertThat(error.get("message").asText()).contains("E.164");

        HttpResponse<String> wrongType = send("POST", "/admin/subscribers", """
                {"id": "bad-3", "msisdn": "+33612345679", "country": "FR", "birthYear": "abc", "billingAccount": "BA"}""");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongType.body()).at("/error/param").asText()).as(wrongType.body()).isEqualTo("birthYear");
        assertThat(JSON.readTree(wrongType.body()).at("/error/code").asText()).isEqualTo("invalid_type");
        assertThat(JSON.readTree(wrongType.body()).at("/error/message").asText()).contains("an integer");

        HttpResponse<String> missing = send("POST", "/admin/subscribers", """
                {"id": "bad-2", "msisdn": "+33612345678", "billingAccount": "BA"}""");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).at("/error/param").asText()).isEqualTo("country");
        assertThat(JSON.readTree(missing.body()).at("/error/code").asText()).isEqualTo("missing_required_parameter");

        HttpResponse<String> country = send("POST", "/admin/subscribers", """
                {"id": "bad-3", "msisdn": "+33612345678", "country": "XX", "billingAccount": "BA"}""");
        assertThat(JSON.readTree(country.body()).at("/error/param").asText()).isEqualTo("country");

        assertThat(send("POST", "/admin/subscribers", """
                {"id": "dup-1", "msisdn": "+33699000001", "country": "FR", "billingAccount": "BA"}""").statusCode())
                .isEqualTo(201);
        try {
            HttpResponse<String> sameNumber = send("POST", "/admin/subscribers", """
                    {"id": "dup-2", "msisdn": "+33 699 000 001", "country": "FR", "billingAccount": "BA"}""");
            assertThat(sameNumber.statusCode()).isEqualTo(409);
            JsonNode conflict = JSON.readTree(sameNumber.body()).get("error");
            assertThat(conflict.get("code").asText()).isEqualTo("conflict");
            assertThat(conflict.get("param").asText()).isEqualTo("msisdn");
            assertThat(conflict.get("message").asText()).contains("dup-1");
            HttpResponse<String> sameNumberByPut = send("PUT", "/admin/subscribers/dup-2", """
                    {"msisdn": "+33699000001", "country": "FR", "billingAccount": "BA"}""");
            assertThat(sameNumberByPut.statusCode()).isEqualTo(409);

            HttpResponse<String> sameId = send("POST", "/admin/subscribers", """
                    {"id": "dup-1", "msisdn": "+33699000002", "country": "FR", "billingAccount": "BA"}""");
            assertThat(sameId.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(sameId.body()).at("/error/param").asText()).isEqualTo("id");
        } finally {
            send("DELETE", "/admin/subscribers/dup-1", null);
        }
    }

    @Test
    void partnerAppsAreCreatedListedAndDeleted() throws Exception {
        HttpResponse<String> created = send("POST", "/admin/partner-apps", "{\"id\": \"le-chat\", \"name\": \"Le Chat Pro\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(send("GET", "/admin/partner-apps", null).body()).findValuesAsText("id")).contains("le-chat");
        assertThat(JSON.readTree(send("GET", "/admin/partner-apps/le-chat", null).body()).get("name").asText())
                .isEqualTo("Le Chat Pro");
        HttpResponse<String> again = send("POST", "/admin/partner-apps", "{\"id\": \"le-chat\", \"name\": \"Other\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        HttpResponse<String> noName = send("POST", "/admin/partner-apps", "{\"id\": \"nameless\"}");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noName.body()).at("/error/param").asText()).isEqualTo("name");
        HttpResponse<String> badId = send("POST", "/admin/partner-apps", "{\"id\": \"a b\", \"name\": \"X\"}");
        assertThat(JSON.readTree(badId.body()).at("/error/param").asText()).isEqualTo("id");

        assertThat(send("DELETE", "/admin/partner-apps/le-chat", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/admin/partner-apps/le-chat", null).statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheAdminKeyMayManageSubscribers() throws Exception {
        HttpResponse<String> client = send("GET", "/admin/subscribers", null, TestPlatform.demoKey());
        assertThat(client.statusCode()).isEqualTo(403);
        assertThat(send("GET", "/admin/partner-apps", null, "").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, TestPlatform.adminKey());
    }

    private HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (!key.isEmpty()) {
            request.header("authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
