package io.hyperlocal.server.tmf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.catalog.CatalogKind;
import io.hyperlocal.server.tmf.catalog.CatalogService;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfStore;
import io.hyperlocal.server.tmf.ordering.OrderProcessor;
import io.hyperlocal.server.tmf.ordering.OrderService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The demo operator's catalog, created by {@code ./hyperlocal up} on an empty catalog: a 5G mobile
 * plan, "AI assistant Pro" (free for a 12-month term, then 9.99 EUR a month), a cheaper "AI
 * assistant Basic", and the bundle "5G + AI assistant Pro". Ids are fixed, so scripts and the
 * integrator can name them.
 */
@ApplicationScoped
public class DemoCatalog {
    public static final String MOBILE_OFFERING = "offer-5g";
    public static final String AI_PRO_OFFERING = "offer-ai-pro";
    public static final String AI_BASIC_OFFERING = "offer-ai-basic";
    public static final String BUNDLE_OFFERING = "offer-5g-ai-pro";
    private static final Logger LOG = Logger.getLogger(DemoCatalog.class);

    private final CatalogService catalog;
    private final OrderService orders;
    private final OrderProcessor processor;
    private final TmfStore store;

    @Inject
    public DemoCatalog(CatalogService catalog, OrderService orders, OrderProcessor processor, TmfStore store) {
        this.catalog = catalog;
        this.orders = orders;
        this.processor = processor;
        this.store = store;
    }

    /** Creates the demo catalog when the catalog has no offering; does nothing otherwise. */
    public boolean ensure() {
        if (store.list(CatalogKind.OFFERING.path(), 0, 1).total() > 0) {
            return false;
        }
        create(CatalogKind.SPECIFICATION, """
                {"@type": "ProductSpecification", "id": "spec-5g-plan", "name": "Mobile plan 5G",
                 "lifecycleStatus": "Launched", "productSpecCharacteristic": [
                   {"@type": "CharacteristicSpecification", "name": "dataAllowanceGB", "valueType": "integer",
                    "characteristicValueSpecification": [{"@type": "IntegerCharacteristicValueSpecification",
                      "isDefault": true, "value": 100}]}]}""");
        create(CatalogKind.SPECIFICATION, aiSpecification("spec-ai-pro", "AI assistant Pro", 2_000_000, 300, 300_000, 8));
        create(CatalogKind.SPECIFICATION, aiSpecification("spec-ai-basic", "AI assistant Basic", 200_000, 20, 20_000, 1));
        create(CatalogKind.PRICE, monthly("pop-5g-monthly", "Forfait 5G monthly fee", "19.99", ""));
        create(CatalogKind.PRICE, monthly("pop-ai-pro-promo", "AI assistant Pro, free for 12 months", "0",
                ", \"productOfferingTerm\": [{\"@type\": \"ProductOfferingTerm\", \"name\": \"12 months free\", "
                        + "\"duration\": {\"amount\": 12, \"units\": \"month\"}}]"));
        create(CatalogKind.PRICE, monthly("pop-ai-pro-monthly", "AI assistant Pro monthly fee", "9.99", ""));
        create(CatalogKind.PRICE, monthly("pop-ai-basic-monthly", "AI assistant Basic monthly fee", "2.99", ""));
        create(CatalogKind.OFFERING, """
                {"@type": "ProductOffering", "id": "offer-5g", "name": "Forfait 5G", "lifecycleStatus": "Launched",
                 "isBundle": false, "isSellable": true, "productSpecification": {"id": "spec-5g-plan"},
                 "productOfferingPrice": [{"id": "pop-5g-monthly"}]}""");
        create(CatalogKind.OFFERING, """
                {"@type": "ProductOffering", "id": "offer-ai-pro", "name": "AI assistant Pro",
                 "lifecycleStatus": "Launched", "isBundle": false, "isSellable": true,
                 "productSpecification": {"id": "spec-ai-pro"},
                 "productOfferingTerm": [{"@type": "ProductOfferingTerm", "name": "12 months free",
                   "duration": {"amount": 12, "units": "month"}}],
                 "productOfferingPrice": [{"id": "pop-ai-pro-promo"}, {"id": "pop-ai-pro-monthly"}]}""");
        create(CatalogKind.OFFERING, """
                {"@type": "ProductOffering", "id": "offer-ai-basic", "name": "AI assistant Basic",
                 "lifecycleStatus": "Launched", "isBundle": false, "isSellable": true,
                 "productSpecification": {"id": "spec-ai-basic"},
                 "productOfferingPrice": [{"id": "pop-ai-basic-monthly"}]}""");
        create(CatalogKind.OFFERING, """
                {"@type": "ProductOffering", "id": "offer-5g-ai-pro", "name": "5G + AI assistant Pro",
                 "lifecycleStatus": "Launched", "isBundle": true, "isSellable": true,
                 "bundledProductOffering": [{"id": "offer-5g", "name": "Forfait 5G"},
                                            {"id": "offer-ai-pro", "name": "AI assistant Pro"}]}""");
        LOG.infof("Created the demo catalog: offerings %s, %s, %s and the bundle %s", MOBILE_OFFERING,
                AI_PRO_OFFERING, AI_BASIC_OFFERING, BUNDLE_OFFERING);
        return true;
    }

    /**
     * Orders the bundle "5G + AI assistant Pro" for {@code subscriberId} (a row of {@code subscriber})
     * and delivers it at once; returns the order, {@code completed} with its product, or
     * {@code rejected} with the reason.
     */
    public ObjectNode orderBundle(String subscriberId) {
        return order(subscriberId, BUNDLE_OFFERING);
    }

    /** Orders {@code offeringId} for {@code subscriberId} and delivers it at once. */
    public ObjectNode order(String subscriberId, String offeringId) {
        ObjectNode order = TmfJson.parseObject("""
                {"@type": "ProductOrder",
                 "productOrderItem": [{"@type": "ProductOrderItem", "id": "1", "action": "add",
                                       "productOffering": {"id": "%s"}}],
                 "relatedParty": [{"@type": "RelatedPartyRefOrPartyRoleRef", "role": "customer",
                                   "partyOrPartyRole": {"@type": "PartyRef", "id": "%s",
                                                        "@referredType": "Individual"}}]}"""
                .formatted(offeringId, subscriberId));
        order.put("id", "demo-" + UUID.randomUUID());
        String id = orders.create(order).get("id").asText();
        // The worker may be first; processing is idempotent under the order's row lock.
        return processor.process(id);
    }

    private void create(CatalogKind kind, String json) {
        catalog.create(kind, TmfJson.parseObject(json));
    }

    private static String aiSpecification(String id, String name, long tokens, int requests, int tokensPerMinute,
            int streams) {
        return """
                {"@type": "ProductSpecification", "id": "%s", "name": "%s", "lifecycleStatus": "Launched",
                 "productSpecCharacteristic": [
                   %s, %s, %s, %s, %s, %s]}""".formatted(id, name,
                characteristic("allowedModels", "string", "\"*\""),
                characteristic("tokenAllowance", "integer", Long.toString(tokens)),
                characteristic("allowancePeriod", "string", "\"calendarMonth\""),
                characteristic("requestsPerMinute", "integer", Integer.toString(requests)),
                characteristic("tokensPerMinute", "integer", Integer.toString(tokensPerMinute)),
                characteristic("concurrentStreams", "integer", Integer.toString(streams)));
    }

    private static String characteristic(String name, String type, String value) {
        String valueType = type.equals("integer") ? "IntegerCharacteristicValueSpecification"
                : "StringCharacteristicValueSpecification";
        return """
                {"@type": "CharacteristicSpecification", "name": "%s", "valueType": "%s",
                 "characteristicValueSpecification": [{"@type": "%s", "isDefault": true, "value": %s}]}"""
                .formatted(name, type, valueType, value);
    }

    private static String monthly(String id, String name, String value, String extra) {
        return """
                {"@type": "ProductOfferingPrice", "id": "%s", "name": "%s", "lifecycleStatus": "Launched",
                 "priceType": "recurring", "recurringChargePeriodType": "month", "recurringChargePeriodLength": 1,
                 "price": {"unit": "EUR", "value": %s}%s}""".formatted(id, name, value, extra);
    }
}
