package io.hyperlocal.server.tmf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.server.TestPlatform;
import io.hyperlocal.server.entitlement.Entitlement;
import io.hyperlocal.server.entitlement.EntitlementSource;
import io.hyperlocal.server.tmf.DemoCatalog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TMF622 orders create, change and end TMF637 products, and the gateway's entitlements follow. */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class OrderingApiTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    DataSource dataSource;
    @Inject
    EntitlementSource entitlements;
    @Inject
    DemoCatalog demo;
    TmfClient tmf;

    @BeforeEach
    void client() {
        tmf = new TmfClient(base);
    }

    static String order(String subscriber, String items) {
        return """
                {"@type": "ProductOrder", "productOrderItem": [%s],
                 "relatedParty": [{"@type": "RelatedPartyRefOrPartyRoleRef", "role": "customer",
                   "partyOrPartyRole": {"@type": "PartyRef", "id": "%s", "@referredType": "Individual"}}]}"""
                .formatted(items, subscriber);
    }

    static String add(String itemId, String offering) {
        return """
                {"@type": "ProductOrderItem", "id": "%s", "action": "add", "productOffering": {"id": "%s"}}"""
                .formatted(itemId, offering);
    }

    static String change(String itemId, String action, String product, String offering) {
        return """
                {"@type": "ProductOrderItem", "id": "%s", "action": "%s", "product": {"id": "%s"}%s}"""
                .formatted(itemId, action, product, offering.isEmpty() ? ""
                        : ", \"productOffering\": {\"id\": \"" + offering + "\"}");
    }

    /** Posts an order, checks it was acknowledged, and waits for its delivery. */
    JsonNode place(String body, String... endStates) {
        JsonNode acknowledged = tmf.expect(201, "POST", TmfClient.ORDERING + "/productOrder", body);
        assertThat(acknowledged.get("state").asText()).isEqualTo("acknowledged");
        return tmf.awaitField(acknowledged.get("href").asText(), "state", endStates);
    }

    List<Entitlement> awaitEntitlements(String subscriber, Predicate<List<Entitlement>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        List<Entitlement> current;
        do {
            current = entitlements.active(subscriber);
            if (condition.test(current)) {
                return current;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < deadline);
        throw new AssertionError("entitlements of " + subscriber + " did not change within a second: " + current);
    }

    @Test
    void theBundleBecomesProductsAndAnEntitlementThatFollowsEveryChange() {
        String subscriber = Subscribers.create(dataSource);
        assertThat(entitlements.active(subscriber)).isEmpty();
        JsonNode order = place(order(subscriber, add("1", "offer-5g-ai-pro")), "completed", "failed", "partial");
        assertThat(order.get("state").asText()).as(order.toString()).isEqualTo("completed");
        assertThat(order.at("/productOrderItem/0/state").asText()).isEqualTo("completed");
        assertThat(order.get("completionDate").asText()).isNotBlank();

        JsonNode bundle = tmf.expect(200, "GET", order.at("/productOrderItem/0/product/href").asText(), null);
        assertThat(bundle.get("isBundle").asBoolean()).isTrue();
        assertThat(bundle.get("status").asText()).isEqualTo("active");
        assertThat(bundle.at("/relatedParty/0/partyOrPartyRole/id").asText()).isEqualTo(subscriber);
        assertThat(bundle.at("/billingAccount/id").asText()).startsWith("ba-");
        List<String> children = bundle.get("product").findValuesAsText("id");
        assertThat(children).hasSize(2);
        // The customer's products, and only theirs: the bundle and its two children.
        JsonNode owned = tmf.expect(200, "GET", TmfClient.INVENTORY + "/product?fields=status&relatedParty.id=" + subscriber, null);
        assertThat(owned.findValuesAsText("id")).containsExactlyInAnyOrder(
                bundle.get("id").asText(), children.get(0), children.get(1));
        JsonNode ai = children.stream().map(id -> tmf.expect(200, "GET", TmfClient.INVENTORY + "/product/" + id, null))
                .filter(child -> child.at("/productOffering/id").asText().equals("offer-ai-pro")).findFirst().orElseThrow();
        assertThat(ai.at("/productPrice/0/price/taxIncludedAmount/value").decimalValue()).isEqualByComparingTo("0");
        assertThat(ai.at("/productTerm/0/duration/amount").asInt()).isEqualTo(12);
        String aiId = ai.get("id").asText();

        List<Entitlement> granted = awaitEntitlements(subscriber, list -> !list.isEmpty());
        assertThat(granted).singleElement().satisfies(entitlement -> {
            assertThat(entitlement.subscriptionId()).isEqualTo(aiId);
            assertThat(entitlement.offeringId()).isEqualTo("offer-ai-pro");
            assertThat(entitlement.allowanceTokens()).isEqualTo(2_000_000);
            assertThat(entitlement.requestsPerMinute()).isEqualTo(300);
            assertThat(entitlement.tokensPerMinute()).isEqualTo(300_000);
            assertThat(entitlement.concurrentStreams()).isEqualTo(8);
            assertThat(entitlement.allows("any-model")).isTrue();
        });

        // Suspending the bundle suspends its children: no entitlement; resuming restores it.
        tmf.expect(200, "PATCH", bundle.get("href").asText(), "{\"status\": \"suspended\"}");
        assertThat(tmf.expect(200, "GET", ai.get("href").asText(), null).get("status").asText()).isEqualTo("suspended");
        awaitEntitlements(subscriber, List::isEmpty);
        tmf.expect(200, "PATCH", bundle.get("href").asText(), "{\"status\": \"active\"}");
        awaitEntitlements(subscriber, list -> list.size() == 1);

        // Switching the AI product to Basic changes the allowance.
        JsonNode modified = place(order(subscriber, change("1", "modify", aiId, "offer-ai-basic")), "completed",
                "failed", "partial");
        assertThat(modified.get("state").asText()).as(modified.toString()).isEqualTo("completed");
        awaitEntitlements(subscriber, list -> list.size() == 1 && list.get(0).allowanceTokens() == 200_000);

        JsonNode deleted = place(order(subscriber, change("1", "delete", aiId, "")), "completed", "failed", "partial");
        assertThat(deleted.get("state").asText()).isEqualTo("completed");
        JsonNode terminated = tmf.expect(200, "GET", ai.get("href").asText(), null);
        assertThat(terminated.get("status").asText()).isEqualTo("terminated");
        assertThat(terminated.get("terminationDate").asText()).isNotBlank();
        awaitEntitlements(subscriber, List::isEmpty);

        JsonNode illegal = tmf.expect(409, "PATCH", ai.get("href").asText(), "{\"status\": \"active\"}");
        assertThat(illegal.get("referenceError").asText()).isEqualTo("status");
        assertThat(illegal.get("message").asText()).contains("terminated");
    }

    @Test
    void ordersAndProductsListFilteredByAttribute() {
        String subscriber = Subscribers.create(dataSource);
        JsonNode order = place(order(subscriber, add("1", "offer-5g-ai-pro")), "completed", "failed", "partial");
        String bundleId = order.at("/productOrderItem/0/product/id").asText();
        tmf.expect(200, "PATCH", TmfClient.INVENTORY + "/product/" + bundleId, "{\"status\": \"suspended\"}");

        // The customer's products by status and by offering: the suspended bundle (its children follow it).
        String products = TmfClient.INVENTORY + "/product?relatedParty.id=" + subscriber;
        assertThat(ids(products)).hasSize(3);
        assertThat(ids(products + "&status=active")).isEmpty();
        assertThat(ids(products + "&status=suspended,active")).hasSize(3);
        assertThat(ids(products + "&productOffering.id=offer-5g-ai-pro")).containsExactly(bundleId);
        assertThat(ids(products + "&isBundle=true&status=suspended")).containsExactly(bundleId);
        HttpResponse<String> page = tmf.send("GET", products + "&status=suspended&limit=1", null);
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue("3");
        assertThat(page.headers().firstValue("X-Result-Count")).hasValue("1");

        // Orders by state: this one is completed, so it is not among the failed ones.
        assertThat(ids(TmfClient.ORDERING + "/productOrder?state=completed&limit=1000")).contains(order.get("id").asText());
        assertThat(ids(TmfClient.ORDERING + "/productOrder?state=failed&limit=1000"))
                .doesNotContain(order.get("id").asText());
        assertThat(tmf.expect(400, "GET", TmfClient.ORDERING + "/productOrder?state..x=1", null).get("referenceError")
                .asText()).isEqualTo("state..x");
    }

    private List<String> ids(String path) {
        HttpResponse<String> answer = tmf.send("GET", path, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode items = TmfClient.json(answer);
        assertThat(answer.headers().firstValue("X-Result-Count")).hasValue(Integer.toString(items.size()));
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    @Test
    void businessErrorsEndTheOrderRejectedFailedOrPartialWithTheReason() {
        JsonNode rejected = place(order("nobody-" + System.nanoTime(), add("1", "offer-ai-pro")), "rejected",
                "completed", "failed");
        assertThat(rejected.get("state").asText()).isEqualTo("rejected");
        assertThat(rejected.at("/productOrderErrorMessage/0/message").asText()).contains("No subscriber");

        String subscriber = Subscribers.create(dataSource);
        tmf.expect(201, "POST", TmfClient.CATALOG + "/productOffering", """
                {"@type": "ProductOffering", "id": "offer-in-study-%s", "name": "Not yet",
                 "lifecycleStatus": "In study", "productSpecification": {"id": "spec-ai-basic"}}""".formatted(subscriber));
        JsonNode partial = place(order(subscriber, add("a", "offer-ai-basic") + "," + add("b", "no-such-offer") + ","
                + add("c", "offer-in-study-" + subscriber)), "partial", "completed", "failed");
        assertThat(partial.get("state").asText()).as(partial.toString()).isEqualTo("partial");
        assertThat(partial.get("productOrderItem").findValuesAsText("state")).containsExactly("completed", "failed",
                "failed");
        assertThat(partial.get("productOrderErrorMessage").findValuesAsText("code"))
                .containsExactly("unknown_offering", "offering_not_sellable");

        String other = Subscribers.create(dataSource);
        String productOfOther = demo.order(other, "offer-ai-basic").at("/productOrderItem/0/product/id").asText();
        JsonNode failed = place(order(subscriber, change("1", "delete", productOfOther, "")), "failed", "completed");
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.at("/productOrderErrorMessage/0/code").asText()).isEqualTo("product_of_another_customer");
        assertThat(tmf.expect(200, "GET", TmfClient.INVENTORY + "/product/" + productOfOther, null).get("status")
                .asText()).isEqualTo("active");
    }

    @Test
    void malformedOrdersAreRefusedAt400NamingTheAttribute() {
        String subscriber = Subscribers.create(dataSource);
        assertThat(tmf.expect(400, "POST", TmfClient.ORDERING + "/productOrder", order(subscriber,
                add("1", "offer-ai-pro").replace("\"action\"", "\"acton\""))).get("referenceError").asText())
                .isEqualTo("productOrderItem[0].acton");
        assertThat(tmf.expect(400, "POST", TmfClient.ORDERING + "/productOrder", order(subscriber,
                add("1", "offer-ai-pro").replace("\"add\"", "\"upgrade\""))).get("referenceError").asText())
                .isEqualTo("productOrderItem[0].action");
        assertThat(tmf.expect(400, "POST", TmfClient.ORDERING + "/productOrder", """
                {"@type": "ProductOrder", "productOrderItem": [%s]}""".formatted(add("1", "offer-ai-pro")))
                .get("referenceError").asText()).isEqualTo("relatedParty");
        assertThat(tmf.expect(400, "POST", TmfClient.ORDERING + "/productOrder", order(subscriber, ""))
                .get("referenceError").asText()).isEqualTo("productOrderItem");
        assertThat(tmf.expect(400, "POST", TmfClient.ORDERING + "/productOrder", order(subscriber,
                change("1", "modify", "p", ""))).get("referenceError").asText())
                .isEqualTo("productOrderItem[0].productOffering");
    }

    @Test
    void aDraftIsSubmittedOrCancelledAndIllegalMovesAreRefusedWith409() {
        String subscriber = Subscribers.create(dataSource);
        String draftBody = order(subscriber, add("1", "offer-ai-basic")).replace("{\"@type\": \"ProductOrder\",",
                "{\"@type\": \"ProductOrder\", \"requestedInitialState\": \"draft\",");
        JsonNode draft = tmf.expect(201, "POST", TmfClient.ORDERING + "/productOrder", draftBody);
        String href = draft.get("href").asText();
        assertThat(draft.get("state").asText()).isEqualTo("draft");
        assertThat(tmf.expect(409, "PATCH", href, "{\"state\": \"completed\"}").get("message").asText())
                .contains("acknowledged or cancelled");
        assertThat(tmf.expect(409, "DELETE", href, null).get("referenceError").asText()).isEqualTo("state");
        JsonNode cancelled = tmf.expect(200, "PATCH", href, "{\"state\": \"cancelled\"}");
        assertThat(cancelled.get("cancellationDate").asText()).isNotBlank();
        tmf.expect(409, "PATCH", href, "{\"state\": \"acknowledged\"}");
        tmf.expect(409, "PATCH", href, "{\"description\": \"too late\"}");
        assertThat(tmf.send("DELETE", href, null).statusCode()).isEqualTo(204);
        tmf.expect(404, "GET", href, null);

        JsonNode submitted = tmf.expect(201, "POST", TmfClient.ORDERING + "/productOrder", draftBody);
        tmf.expect(200, "PATCH", submitted.get("href").asText(), "{\"state\": \"acknowledged\"}");
        assertThat(tmf.awaitField(submitted.get("href").asText(), "state", "completed", "failed").get("state").asText())
                .isEqualTo("completed");
        tmf.expect(409, "PATCH", submitted.get("href").asText(), "{\"state\": \"cancelled\"}");
        tmf.expect(400, "PATCH", submitted.get("href").asText(), "{\"state\": \"finished\"}");
        tmf.expect(400, "PATCH", submitted.get("href").asText(), "{\"productOrderItem\": []}");
    }

    @Test
    void listsOfOrdersAndProductsCountAndSelect() {
        String subscriber = Subscribers.create(dataSource);
        demo.order(subscriber, "offer-ai-basic");
        var response = tmf.send("GET", TmfClient.INVENTORY + "/product?limit=1&fields=status", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Long.parseLong(response.headers().firstValue("X-Total-Count").orElseThrow())).isPositive();
        assertThat(response.headers().firstValue("X-Result-Count")).hasValue("1");
        JsonNode product = TmfClient.json(response).get(0);
        assertThat(product.has("status")).isTrue();
        assertThat(product.has("productOffering")).isFalse();
        var orders = tmf.send("GET", TmfClient.ORDERING + "/productOrder?fields=state&limit=2", null);
        assertThat(orders.headers().firstValue("X-Result-Count")).isPresent();
        assertThat(TmfClient.json(orders).get(0).has("state")).isTrue();
        assertThat(tmf.send("POST", TmfClient.INVENTORY + "/product", "{}").statusCode()).isEqualTo(405);
    }
}
