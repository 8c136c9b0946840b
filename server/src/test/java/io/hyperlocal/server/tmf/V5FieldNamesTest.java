package io.hyperlocal.server.tmf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperlocal.server.TestPlatform;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Our JSON uses the published v5 attribute names: every attribute of a real response (and of the
 * nested objects we build) is one the v5 schema of that resource defines. The lists are the
 * properties of the read schemas in TMF620, TMF622 and TMF637 v5.0.0 (tmforum-apis on GitHub).
 */
@QuarkusTest
@QuarkusTestResource(value = TestPlatform.class, restrictToAnnotatedClass = false)
class V5FieldNamesTest {
    private static final Set<String> ENTITY = Set.of("@type", "@baseType", "@schemaLocation", "href", "id");
    static final Set<String> PRODUCT_SPECIFICATION = with("brand", "description", "isBundle", "productNumber",
            "category", "validFor", "version", "relatedParty", "productSpecCharacteristic", "serviceSpecification",
            "bundledProductSpecification", "productSpecificationRelationship", "resourceSpecification", "attachment",
            "policy", "targetProductSchema", "intentSpecification", "lastUpdate", "lifecycleStatus", "name",
            "externalIdentifier");
    static final Set<String> PRODUCT_OFFERING = with("description", "isBundle", "isSellable", "statusReason",
            "validFor", "version", "place", "serviceLevelAgreement", "channel", "serviceCandidate", "category",
            "resourceCandidate", "productOfferingTerm", "productOfferingPrice", "agreement", "bundledProductOffering",
            "bundledGroupProductOffering", "attachment", "marketSegment", "productOfferingRelationship",
            "productOfferingCharacteristic", "prodSpecCharValueUse", "policy", "allowedAction", "lastUpdate",
            "lifecycleStatus", "name", "productSpecification", "externalIdentifier");
    static final Set<String> PRODUCT_OFFERING_PRICE = with("description", "version", "validFor", "unitOfMeasure",
            "recurringChargePeriodType", "recurringChargePeriodLength", "isBundle", "price", "percentage",
            "bundledPopRelationship", "popRelationship", "prodSpecCharValueUse", "productOfferingTerm", "place",
            "policy", "pricingLogicAlgorithm", "tax", "name", "priceType", "lastUpdate", "lifecycleStatus",
            "externalIdentifier");
    static final Set<String> PRODUCT_ORDER = with("agreement", "billingAccount", "state", "requestedInitialState",
            "cancellationDate", "cancellationReason", "category", "channel", "description", "expectedCompletionDate",
            "externalId", "note", "notificationContact", "orderTotalPrice", "payment", "orderRelationship", "priority",
            "productOfferingQualification", "quote", "productOrderErrorMessage", "productOrderJeopardyAlert",
            "productOrderMilestone", "productOrderItem", "relatedParty", "requestedCompletionDate",
            "requestedStartDate", "creationDate", "completionDate");
    static final Set<String> PRODUCT_ORDER_ITEM = Set.of("@type", "@baseType", "@schemaLocation", "quantity", "action",
            "appointment", "billingAccount", "itemPrice", "itemTerm", "itemTotalPrice", "note", "payment", "product",
            "productOffering", "productOfferingQualificationItem", "quoteItem", "productOrderItem",
            "productOrderItemRelationship", "state", "qualification", "id");
    static final Set<String> PRODUCT_ORDER_ERROR = Set.of("@type", "@baseType", "@schemaLocation", "code", "reason",
            "message", "status", "referenceError", "timestamp", "productOrderItem");
    static final Set<String> PRODUCT = with("agreementItem", "billingAccount", "creationDate", "description",
            "isBundle", "isCustomerVisible", "name", "orderDate", "productCharacteristic", "productOffering",
            "productOrderItem", "product", "productPrice", "productRelationship", "productSerialNumber",
            "productSpecification", "productTerm", "realizingResource", "realizingService", "relatedParty", "place",
            "startDate", "status", "terminationDate", "intent");
    static final Set<String> PRODUCT_PRICE = Set.of("@type", "@baseType", "@schemaLocation", "description", "name",
            "productOfferingPrice", "recurringChargePeriod", "unitOfMeasure", "price", "priceAlteration", "priceType");
    static final Set<String> PRICE = Set.of("@type", "@baseType", "@schemaLocation", "dutyFreeAmount", "percentage",
            "taxIncludedAmount", "taxRate");
    static final Set<String> PRODUCT_TERM = Set.of("@type", "@baseType", "@schemaLocation", "description", "duration",
            "validFor", "name");
    static final Set<String> RELATED_PARTY = Set.of("@type", "@baseType", "@schemaLocation", "role", "partyOrPartyRole");
    static final Set<String> RELATED_ORDER_ITEM = Set.of("@type", "@baseType", "@schemaLocation", "orderItemAction",
            "orderHref", "@referredType", "role", "orderId", "orderItemId");
    static final Set<String> REF = with("name", "@referredType", "version");
    static final Set<String> PRODUCT_RELATIONSHIP = with("name", "@referredType", "relationshipType");
    static final Set<String> ERROR = Set.of("@type", "@baseType", "@schemaLocation", "code", "reason", "message",
            "status", "referenceError");
    static final Set<String> HUB = with("callback", "query");
    static final Set<String> EVENT = with("correlationId", "domain", "title", "description", "priority",
            "timeOccurred", "source", "reportingSystem", "relatedParty", "analyticCharacteristic", "eventId",
            "eventTime", "eventType", "event");

    @TestHTTPResource("/")
    URL base;
    @Inject
    DataSource dataSource;
    @Inject
    DemoCatalog demo;

    private static Set<String> with(String... names) {
        Set<String> all = new java.util.HashSet<>(ENTITY);
        all.addAll(List.of(names));
        return Set.copyOf(all);
    }

    private static void assertNames(JsonNode node, Set<String> allowed, String what) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(what + " " + node).isSubsetOf(allowed);
        assertThat(names).as(what + " has @type").contains("@type");
    }

    private static void assertEach(JsonNode array, Set<String> allowed, String what) {
        assertThat(array.isArray()).as(what + " is an array").isTrue();
        array.forEach(item -> assertNames(item, allowed, what));
    }

    @Test
    void catalogOrderAndProductJsonUseTheV5AttributeNames() {
        TmfClient tmf = new TmfClient(base);
        for (String[] pair : new String[][] {{"productSpecification", "spec-ai-pro"},
                {"productOffering", "offer-5g-ai-pro"}, {"productOffering", "offer-ai-pro"},
                {"productOfferingPrice", "pop-ai-pro-promo"}}) {
            JsonNode resource = tmf.expect(200, "GET", TmfClient.CATALOG + "/" + pair[0] + "/" + pair[1], null);
            assertNames(resource, switch (pair[0]) {
                case "productSpecification" -> PRODUCT_SPECIFICATION;
                case "productOffering" -> PRODUCT_OFFERING;
                default -> PRODUCT_OFFERING_PRICE;
            }, pair[0]);
        }

        String subscriber = Subscribers.create(dataSource);
        JsonNode order = tmf.expect(200, "GET", demo.orderBundle(subscriber).get("href").asText(), null);
        assertNames(order, PRODUCT_ORDER, "productOrder");
        assertEach(order.get("productOrderItem"), PRODUCT_ORDER_ITEM, "productOrderItem");
        assertNames(order.at("/productOrderItem/0/product"), REF, "productOrderItem.product");

        JsonNode bundle = tmf.expect(200, "GET", order.at("/productOrderItem/0/product/href").asText(), null);
        assertNames(bundle, PRODUCT, "product");
        assertEach(bundle.get("product"), REF, "product.product");
        for (JsonNode ref : bundle.get("product")) {
            JsonNode child = tmf.expect(200, "GET", ref.get("href").asText(), null);
            assertNames(child, PRODUCT, "child product");
            assertEach(child.get("productPrice"), PRODUCT_PRICE, "productPrice");
            child.get("productPrice").forEach(price -> {
                assertNames(price.get("price"), PRICE, "productPrice.price");
                assertNames(price.get("productOfferingPrice"), REF, "productPrice.productOfferingPrice");
            });
            assertEach(child.get("relatedParty"), RELATED_PARTY, "relatedParty");
            assertEach(child.get("productOrderItem"), RELATED_ORDER_ITEM, "productOrderItem");
            assertEach(child.get("productRelationship"), PRODUCT_RELATIONSHIP, "productRelationship");
            assertNames(child.get("productOffering"), REF, "productOffering");
            assertNames(child.get("productSpecification"), REF, "productSpecification");
            assertNames(child.get("billingAccount"), with("name", "@referredType", "ratingType"), "billingAccount");
            if (child.has("productTerm")) {
                assertEach(child.get("productTerm"), PRODUCT_TERM, "productTerm");
            }
        }

        JsonNode rejected = tmf.awaitField(tmf.expect(201, "POST", TmfClient.ORDERING + "/productOrder",
                OrderingApiTest.order("nobody", OrderingApiTest.add("1", "offer-ai-pro"))).get("href").asText(),
                "state", "rejected");
        assertEach(rejected.get("productOrderErrorMessage"), PRODUCT_ORDER_ERROR, "productOrderErrorMessage");

        assertNames(tmf.expect(404, "GET", TmfClient.INVENTORY + "/product/none", null), ERROR, "Error");
        assertNames(tmf.expect(400, "POST", TmfClient.CATALOG + "/productOffering", "{}"), ERROR, "Error");
        JsonNode hub = tmf.expect(201, "POST", TmfClient.INVENTORY + "/hub",
                "{\"@type\": \"Hub\", \"callback\": \"http://127.0.0.1:9/none\"}");
        assertNames(hub, HUB, "Hub");
        tmf.expect(204, "DELETE", hub.get("href").asText(), null);
    }
}
