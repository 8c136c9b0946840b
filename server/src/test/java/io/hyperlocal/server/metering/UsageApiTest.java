package io.hyperlocal.server.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading the ledger: TMF635 usage, the CSV export and the daily totals, all with the admin key. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class UsageApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TMF = "/tmf-api/usageManagement/v5";

    @TestHTTPResource("/")
    URL base;

    @Inject
    DataSource dataSource;

    private String subscriber;
    private String source;

    /** Five records of one new subscriber over three days, one of them failed, one on another model. */
    @BeforeEach
    void record() throws Exception {
        subscriber = "sub-" + UUID.randomUUID().toString().substring(0, 8);
        source = "test://" + subscriber;
        List<LedgerWriter.Entry> entries = new ArrayList<>();
        String[] times = {"2026-11-01T08:00:00Z", "2026-11-01T09:30:00Z", "2026-11-02T10:00:00Z",
                "2026-11-02T23:59:59Z", "2026-11-03T00:00:00Z"};
        for (int i = 0; i < times.length; i++) {
            UsageRecord record = TestingUsage.record(source, "req_" + subscriber + "_" + i, Instant.parse(times[i]),
                    subscriber, i == 4 ? "qwen, \"large\"" : "stories260k", "fr-par", 10 + i, 100 + i,
                    i == 2 ? UsageStatus.FAILED : UsageStatus.COMPLETED);
            entries.add(new LedgerWriter.Entry(record, UsageEvents.write(record)));
        }
        new LedgerWriter(dataSource).insert(entries);
    }

    @Test
    void usageIsListedNewestFirstWithFiltersPagingAndTheTotalCount() throws Exception {
        HttpResponse<String> all = get(TMF + "/usage?relatedParty.id=" + subscriber, TestPlatform.adminKey());
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("X-Total-Count")).hasValue("5");
        JsonNode usages = JSON.readTree(all.body());
        assertThat(usages).hasSize(5);
        JsonNode newest = usages.get(0);
        assertThat(newest.get("id").asText()).isEqualTo("req_" + subscriber + "_4");
        assertThat(newest.get("@type").asText()).isEqualTo("Usage");
        assertThat(newest.get("href").asText()).isEqualTo(TMF + "/usage/req_" + subscriber + "_4");
        assertThat(newest.get("usageType").asText()).isEqualTo("aiTokens");
        assertThat(newest.get("status").asText()).isEqualTo("received");
        assertThat(newest.get("usageDate").asText()).isEqualTo("2026-11-03T00:00:00Z");
        assertThat(characteristic(newest, "inputTokens").asInt()).isEqualTo(14);
        assertThat(characteristic(newest, "outputTokens").asInt()).isEqualTo(104);
        assertThat(characteristic(newest, "model").asText()).isEqualTo("qwen, \"large\"");
        assertThat(characteristic(newest, "requestId").asText()).isEqualTo("req_" + subscriber + "_4");
        assertThat(newest.at("/relatedParty/0/partyOrPartyRole/id").asText()).isEqualTo(subscriber);
        assertThat(newest.at("/relatedParty/0/role").asText()).isEqualTo("subscriber");
        assertThat(newest.at("/usageSpecification/id").asText()).isEqualTo("aiTokens");

        HttpResponse<String> page = get(TMF + "/usage?relatedParty.id=" + subscriber + "&offset=1&limit=2&fields=usageDate",
                TestPlatform.adminKey());
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue("5");
        assertThat(page.headers().firstValue("X-Result-Count")).hasValue("2");
        JsonNode two = JSON.readTree(page.body());
        assertThat(two.findValuesAsText("id")).containsExactly("req_" + subscriber + "_3", "req_" + subscriber + "_2");
        assertThat(two.get(0).has("usageCharacteristic")).isFalse();
        assertThat(two.get(0).has("usageDate")).isTrue();

        HttpResponse<String> range = get(TMF + "/usage?relatedParty.id=" + subscriber
                + "&usageDate.gte=2026-11-01T09:30:00Z&usageDate.lt=2026-11-03&model=stories260k", TestPlatform.adminKey());
        List<String> ids = new ArrayList<>();
        JSON.readTree(range.body()).forEach(usage -> ids.add(usage.get("id").asText()));
        assertThat(ids).containsExactly(
                "req_" + subscriber + "_3", "req_" + subscriber + "_2", "req_" + subscriber + "_1");
    }

    @Test
    void oneUsageByItsRequestIdAndErrorsInTmForumShape() throws Exception {
        HttpResponse<String> one = get(TMF + "/usage/req_" + subscriber + "_2", TestPlatform.adminKey());
        assertThat(one.statusCode()).isEqualTo(200);
        JsonNode usage = JSON.readTree(one.body());
        assertThat(characteristic(usage, "outcome").asText()).isEqualTo("failed");
        assertThat(characteristic(usage, "errorCode").asText()).isEqualTo("engine_failed");

        HttpResponse<String> missing = get(TMF + "/usage/req_nothing", TestPlatform.adminKey());
        assertThat(missing.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(missing.body());
        assertThat(error.get("@type").asText()).isEqualTo("Error");
        assertThat(error.get("code").asText()).isEqualTo("not_found");
        assertThat(error.get("status").asText()).isEqualTo("404");
        assertThat(error.get("reason").asText()).isEqualTo("Not Found");
        assertThat(error.get("message").asText()).contains("req_nothing");

        HttpResponse<String> client = get(TMF + "/usage", TestPlatform.demoKey());
        assertThat(client.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(client.body()).get("code").asText()).isEqualTo("admin_key_required");
        assertThat(get(TMF + "/usage", "hl-wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> tooMany = get(TMF + "/usage?limit=5000", TestPlatform.adminKey());
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMany.body()).get("referenceError").asText()).isEqualTo("limit");
        // What the list does not read is refused, not ignored: ignored, it answered every usage as a match.
        HttpResponse<String> unknown = get(TMF + "/usage?status=rated", TestPlatform.adminKey());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("code").asText()).isEqualTo("unknown_parameter");
        assertThat(JSON.readTree(unknown.body()).get("referenceError").asText()).isEqualTo("status");
        assertThat(JSON.readTree(unknown.body()).get("message").asText()).contains("usageDate.gte", "model");
        HttpResponse<String> twoBounds = get(TMF + "/usage?usageDate.gte=2026-01-01T00:00:00Z"
                + "&usageDate.gt=2026-06-01T00:00:00Z", TestPlatform.adminKey());
        assertThat(twoBounds.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(twoBounds.body()).get("message").asText()).contains("not both");
        assertThat(JSON.readTree(get(TMF + "/usageSpecification/aiTokens", TestPlatform.adminKey()).body())
                .findValuesAsText("name")).contains("inputTokens", "outputTokens");
    }

    @Test
    void theCsvExportStreamsTheRecordsOfARange() throws Exception {
        HttpResponse<String> csv = get("/admin/usage.csv?subscriber=" + subscriber + "&from=2026-11-01&to=2026-11-03T00:00:01Z",
                TestPlatform.adminKey());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("time,source,id,subject,");
        assertThat(lines).hasSize(6);
        assertThat(lines[1]).startsWith("2026-11-01T08:00:00Z," + source + ",req_" + subscriber + "_0," + subscriber + ",")
                .endsWith(",completed,,10,100,3,20,150");
        assertThat(lines[3]).contains(",failed,engine_failed,12,102,3,,150");
        assertThat(lines[5]).contains(",\"qwen, \"\"large\"\"\",");
        assertThat(get("/admin/usage.csv", TestPlatform.demoKey()).statusCode()).isEqualTo(403);
        assertThat(get("/admin/usage.csv?from=yesterday", TestPlatform.adminKey()).statusCode()).isEqualTo(400);
    }

    @Test
    void dailyTotalsPerSubscriberModelAndSite() throws Exception {
        HttpResponse<String> daily = get("/admin/usage/daily?subscriber=" + subscriber + "&from=2026-11-01&to=2026-11-03",
                TestPlatform.adminKey());
        assertThat(daily.statusCode()).isEqualTo(200);
        JsonNode days = JSON.readTree(daily.body());
        assertThat(days).hasSize(2);
        assertThat(days.get(0).get("day").asText()).isEqualTo("2026-11-01");
        assertThat(days.get(0).get("requests").asLong()).isEqualTo(2);
        assertThat(days.get(0).get("promptTokens").asLong()).isEqualTo(21);
        assertThat(days.get(0).get("completionTokens").asLong()).isEqualTo(201);
        assertThat(days.get(1).get("day").asText()).isEqualTo("2026-11-02");
        assertThat(days.get(1).get("failed").asLong()).isEqualTo(1);
        assertThat(days.get(1).get("subscriptionId").asText()).isEqualTo("sub-" + subscriber);
    }

    private static JsonNode characteristic(JsonNode usage, String name) {
        for (JsonNode characteristic : usage.get("usageCharacteristic")) {
            if (characteristic.get("name").asText().equals(name)) {
                return characteristic.get("value");
            }
        }
        throw new AssertionError("no characteristic " + name + " in " + usage);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
