package io.hyperlocal.server.tmf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TMF620 over HTTP: create, list, read, patch and delete, with the TMF conventions and errors. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class CatalogApiTest {
    private static final String SPEC = """
            {"@type": "ProductSpecification", "name": "AI test spec", "lifecycleStatus": "Launched",
             "productSpecCharacteristic": [
               {"@type": "CharacteristicSpecification", "name": "allowedModels",
                "characteristicValueSpecification": [{"@type": "StringArrayCharacteristicValueSpecification",
                  "value": ["stories260k"]}]},
               {"@type": "CharacteristicSpecification", "name": "tokenAllowance",
                "characteristicValueSpecification": [{"@type": "IntegerCharacteristicValueSpecification",
                  "isDefault": true, "value": 5000}]}]}""";

    @TestHTTPResource("/")
    URL base;
    TmfClient tmf;

    @BeforeEach
    void client() {
        tmf = new TmfClient(base);
    }

    @Test
    void aSpecificationIsCreatedReadPatchedAndDeleted() {
        HttpResponse<String> created = tmf.send("POST", TmfClient.CATALOG + "/productSpecification", SPEC);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode spec = TmfClient.json(created);
        String id = spec.get("id").asText();
        String href = TmfClient.CATALOG + "/productSpecification/" + id;
        assertThat(spec.get("href").asText()).isEqualTo(href);
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith(href);
        assertThat(spec.get("@type").asText()).isEqualTo("ProductSpecification");
        assertThat(spec.get("lastUpdate").asText()).isNotBlank();

        assertThat(tmf.expect(200, "GET", href, null)).isEqualTo(spec);

        JsonNode patched = TmfClient.json(tmf.send("PATCH", href, "{\"lifecycleStatus\": \"Retired\", "
                + "\"description\": \"no longer sold\"}", "application/merge-patch+json", TestPlatform.adminKey()));
        assertThat(patched.get("lifecycleStatus").asText()).isEqualTo("Retired");
        assertThat(patched.get("description").asText()).isEqualTo("no longer sold");
        assertThat(patched.get("name").asText()).isEqualTo("AI test spec");
        assertThat(tmf.expect(200, "GET", href, null).get("lifecycleStatus").asText()).isEqualTo("Retired");

        assertThat(tmf.send("DELETE", href, null).statusCode()).isEqualTo(204);
        JsonNode gone = tmf.expect(404, "GET", href, null);
        assertThat(gone.get("@type").asText()).isEqualTo("Error");
        assertThat(gone.get("status").asText()).isEqualTo("404");
        assertThat(tmf.send("DELETE", href, null).statusCode()).isEqualTo(404);
    }

    @Test
    void listsPageWithOffsetAndLimitAndSelectFields() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(tmf.expect(201, "POST", TmfClient.CATALOG + "/productOfferingPrice", """
                    {"@type": "ProductOfferingPrice", "name": "page %d", "lifecycleStatus": "Launched",
                     "priceType": "oneTime", "price": {"unit": "EUR", "value": %d}}""".formatted(i, i)).get("id").asText());
        }
        HttpResponse<String> all = tmf.send("GET", TmfClient.CATALOG + "/productOfferingPrice?limit=1000", null);
        long total = Long.parseLong(all.headers().firstValue("X-Total-Count").orElseThrow());
        assertThat(total).isGreaterThanOrEqualTo(5);
        assertThat(all.headers().firstValue("X-Result-Count")).hasValue(Long.toString(total));
        List<String> order = TmfClient.json(all).findValuesAsText("id");
        int first = order.indexOf(ids.get(0));

        HttpResponse<String> page = tmf.send("GET", TmfClient.CATALOG + "/productOfferingPrice?offset=" + (first + 1)
                + "&limit=2&fields=name", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue(Long.toString(total));
        assertThat(page.headers().firstValue("X-Result-Count")).hasValue("2");
        JsonNode items = TmfClient.json(page);
        assertThat(items.findValuesAsText("id")).containsExactly(ids.get(1), ids.get(2));
        for (JsonNode item : items) {
            List<String> names = new ArrayList<>();
            item.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyInAnyOrder("id", "href", "@type", "name");
        }
        JsonNode one = tmf.expect(200, "GET", TmfClient.CATALOG + "/productOfferingPrice/" + ids.get(3)
                + "?fields=priceType,price", null);
        assertThat(one.has("priceType")).isTrue();
        assertThat(one.has("lifecycleStatus")).isFalse();

        assertThat(tmf.expect(400, "GET", TmfClient.CATALOG + "/productOfferingPrice?limit=0", null)
                .get("referenceError").asText()).isEqualTo("limit");
        assertThat(tmf.expect(400, "GET", TmfClient.CATALOG + "/productOfferingPrice?offset=x", null)
                .get("referenceError").asText()).isEqualTo("offset");
    }

    @Test
    void listsFilterByAttribute() {
        // The demo catalog: one bundle, all launched; a filter that matches nothing answers an empty page.
        HttpResponse<String> bundles = tmf.send("GET", TmfClient.CATALOG + "/productOffering?isBundle=true"
                + "&lifecycleStatus=Launched&fields=name", null);
        assertThat(bundles.statusCode()).as(bundles.body()).isEqualTo(200);
        assertThat(TmfClient.json(bundles).findValuesAsText("id")).contains("offer-5g-ai-pro")
                .doesNotContain("offer-ai-pro", "offer-5g");
        assertThat(bundles.headers().firstValue("X-Total-Count"))
                .hasValue(Integer.toString(TmfClient.json(bundles).size()));
        HttpResponse<String> retired = tmf.send("GET", TmfClient.CATALOG + "/productOffering?lifecycleStatus=Retired",
                null);
        assertThat(TmfClient.json(retired).size()).isZero();
        assertThat(retired.headers().firstValue("X-Total-Count")).hasValue("0");
        assertThat(tmf.expect(200, "GET", TmfClient.CATALOG + "/productOffering?productSpecification.id=spec-ai-basic",
                null).findValuesAsText("id")).contains("offer-ai-basic").doesNotContain("offer-ai-pro");
    }

    /** List features it does not offer are refused by name: read as attribute filters they would match nothing. */
    @Test
    void listFeaturesItDoesNotOfferAreRefusedNotReadAsAttributes() {
        JsonNode sort = tmf.expect(400, "GET", TmfClient.CATALOG + "/productOffering?sort=name", null);
        assertThat(sort.get("referenceError").asText()).isEqualTo("sort");
        assertThat(sort.get("message").asText()).contains("not supported", "oldest first");
        JsonNode after = tmf.expect(400, "GET", TmfClient.ORDERING + "/productOrder?lastUpdate.gt=2026-01-01", null);
        assertThat(after.get("referenceError").asText()).isEqualTo("lastUpdate.gt");
        assertThat(after.get("message").asText()).contains("comparison operators", "lastUpdate=value");
    }

    @Test
    void badInputIsRefusedWithTheTmfErrorNamingTheField() {
        JsonNode typo = tmf.expect(400, "POST", TmfClient.CATALOG + "/productOffering", """
                {"@type": "ProductOffering", "name": "typo", "lifecycleStatus": "Launched", "isSelable": true}""");
        assertThat(typo.get("@type").asText()).isEqualTo("Error");
        assertThat(typo.get("code").asText()).isEqualTo("unknown_parameter");
        assertThat(typo.get("status").asText()).isEqualTo("400");
        assertThat(typo.get("referenceError").asText()).isEqualTo("isSelable");
        assertThat(typo.get("message").asText()).contains("isSelable");
        assertThat(typo.get("reason").asText()).isNotBlank();

        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/productOffering",
                "{\"@type\": \"ProductOffering\", \"name\": \"x\"}").get("referenceError").asText())
                .isEqualTo("lifecycleStatus");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/productOffering",
                "{\"name\": \"x\", \"lifecycleStatus\": \"Launched\"}").get("referenceError").asText())
                .isEqualTo("@type");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/productOfferingPrice", """
                {"@type": "ProductOfferingPrice", "name": "p", "lifecycleStatus": "Launched", "priceType": "sometimes",
                 "price": {"unit": "EUR", "value": 1}}""").get("referenceError").asText()).isEqualTo("priceType");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/productOfferingPrice", """
                {"@type": "ProductOfferingPrice", "name": "p", "lifecycleStatus": "Launched", "priceType": "recurring",
                 "price": {"unit": "EUR", "value": 1}}""").get("referenceError").asText())
                .isEqualTo("recurringChargePeriodType");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/productOffering", """
                {"@type": "ProductOffering", "name": "o", "lifecycleStatus": "Launched",
                 "productSpecification": {"id": "no-such-spec"}}""").get("referenceError").asText())
                .isEqualTo("productSpecification.id");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/productOffering", "{not json").get("code").asText())
                .isEqualTo("invalid_json");

        JsonNode characteristic = tmf.expect(400, "POST", TmfClient.CATALOG + "/productSpecification",
                SPEC.replace("\"value\": 5000", "\"value\": \"lots\""));
        assertThat(characteristic.get("referenceError").asText())
                .isEqualTo("productSpecCharacteristic[1].characteristicValueSpecification[0].value");
        assertThat(characteristic.get("message").asText()).contains("tokenAllowance");
        assertThat(tmf.expect(400, "POST", TmfClient.CATALOG + "/productSpecification",
                SPEC.replace("\"tokenAllowance\"", "\"allowancePeriod\"").replace("\"value\": 5000",
                        "\"value\": \"fortnightly\"")).get("message").asText()).contains("tokenAllowance");
    }

    @Test
    void notFoundAnswersPointAtWhatExists() {
        // Asked on the usage API, the list of APIs must include it; a hub's 404 must not point at GET /hub (405).
        JsonNode unknown = tmf.expect(404, "GET", "/tmf-api/usageManagement/v5/hub", null);
        assertThat(unknown.get("message").asText()).endsWith(" and /tmf-api/usageManagement/v5.");
        JsonNode hub = tmf.expect(404, "DELETE", TmfClient.CATALOG + "/hub/no-such-hub", null);
        assertThat(hub.get("message").asText()).contains("'no-such-hub'", "POST .../hub").doesNotContain("GET .../hub");
        assertThat(tmf.send("GET", TmfClient.CATALOG + "/hub", null).statusCode()).isEqualTo(405);
    }

    @Test
    void methodsMediaTypesAndKeysAreCheckedInTheTmfShape() {
        HttpResponse<String> method = tmf.send("PUT", TmfClient.CATALOG + "/productOffering/x", "{}");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(TmfClient.json(method).get("@type").asText()).isEqualTo("Error");

        HttpResponse<String> media = tmf.send("POST", TmfClient.CATALOG + "/productOffering", "name=x",
                "application/x-www-form-urlencoded", TestPlatform.adminKey());
        assertThat(media.statusCode()).isEqualTo(415);
        assertThat(TmfClient.json(media).get("@type").asText()).isEqualTo("Error");

        HttpResponse<String> anonymous = tmf.send("GET", TmfClient.CATALOG + "/productOffering", null, null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(TmfClient.json(anonymous).get("@type").asText()).isEqualTo("Error");
        HttpResponse<String> client = tmf.send("GET", TmfClient.CATALOG + "/productOffering", null, null,
                TestPlatform.demoKey());
        assertThat(client.statusCode()).isEqualTo(403);
        assertThat(TmfClient.json(client).get("code").asText()).isEqualTo("admin_key_required");

        HttpResponse<String> unknown = tmf.send("GET", TmfClient.CATALOG + "/productThing", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TmfClient.json(unknown).get("@type").asText()).isEqualTo("Error");
    }

    @Test
    void referencedResourcesCannotBeDeletedAndADuplicateIdConflicts() {
        JsonNode conflict = tmf.expect(409, "DELETE", TmfClient.CATALOG + "/productSpecification/spec-ai-pro", null);
        assertThat(conflict.get("message").asText()).contains("offer-ai-pro");
        assertThat(tmf.expect(409, "DELETE", TmfClient.CATALOG + "/productOffering/offer-5g", null)
                .get("message").asText()).contains("offer-5g-ai-pro");
        assertThat(tmf.expect(409, "POST", TmfClient.CATALOG + "/productOffering", """
                {"@type": "ProductOffering", "id": "offer-5g", "name": "again", "lifecycleStatus": "Launched"}""")
                .get("status").asText()).isEqualTo("409");
    }

    @Test
    void theDemoCatalogIsSeeded() {
        JsonNode bundle = tmf.expect(200, "GET", TmfClient.CATALOG + "/productOffering/offer-5g-ai-pro", null);
        assertThat(bundle.get("isBundle").asBoolean()).isTrue();
        assertThat(bundle.get("bundledProductOffering").findValuesAsText("id")).containsExactly("offer-5g", "offer-ai-pro");
        JsonNode pro = tmf.expect(200, "GET", TmfClient.CATALOG + "/productOffering/offer-ai-pro", null);
        assertThat(pro.at("/productOfferingTerm/0/duration/amount").asInt()).isEqualTo(12);
        JsonNode after = tmf.expect(200, "GET", TmfClient.CATALOG + "/productOfferingPrice/pop-ai-pro-monthly", null);
        assertThat(after.at("/price/value").decimalValue()).isEqualByComparingTo("9.99");
    }
}
