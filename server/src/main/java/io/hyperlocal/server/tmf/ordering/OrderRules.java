package io.hyperlocal.server.tmf.ordering;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Message-level checks of a product order (TMF622 v5 {@code ProductOrder_FVO}): failures are 400s. */
final class OrderRules {
    static final Set<String> ORDER_FIELDS = Set.of("@type", "@baseType", "@schemaLocation", "id", "agreement",
            "billingAccount", "requestedInitialState", "category", "channel", "description", "externalId", "note",
            "notificationContact", "orderTotalPrice", "payment", "orderRelationship", "priority",
            "productOfferingQualification", "quote", "productOrderErrorMessage", "productOrderJeopardyAlert",
            "productOrderMilestone", "productOrderItem", "relatedParty", "requestedCompletionDate",
            "requestedStartDate");
    static final Set<String> ITEM_FIELDS = Set.of("@type", "@baseType", "@schemaLocation", "quantity", "action",
            "appointment", "billingAccount", "itemPrice", "itemTerm", "itemTotalPrice", "note", "payment", "product",
            "productOffering", "productOfferingQualificationItem", "quoteItem", "productOrderItem",
            "productOrderItemRelationship", "state", "qualification", "id");
    /** Attributes a PATCH may change; the rest is the server's or fixed once the order exists. */
    static final Set<String> PATCHABLE = Set.of("@type", "state", "description", "note", "priority", "category",
            "notificationContact", "requestedCompletionDate", "requestedStartDate", "externalId", "channel");
    static final Set<String> ACTIONS = Set.of("add", "modify", "delete", "noChange");

    private OrderRules() {}

    /** Checks a create payload; returns the customer's (subscriber's) id. */
    static String check(ObjectNode order) {
        TmfJson.rejectUnknown(order, ORDER_FIELDS, "", "ProductOrder");
        TmfJson.requireText(order, "@type", "@type");
        TmfJson.optionalText(order, "requestedInitialState", "requestedInitialState").ifPresent(state -> {
            if (!state.equals("acknowledged") && !state.equals("draft")) {
                throw TmfException.badRequest("requestedInitialState",
                        "requestedInitialState must be acknowledged or draft, not '" + state + "'.");
            }
        });
        instant(order, "requestedStartDate");
        instant(order, "requestedCompletionDate");
        TmfJson.optionalObject(order, "billingAccount", "billingAccount")
                .ifPresent(account -> TmfJson.refId(account, "billingAccount"));
        List<ObjectNode> items = TmfJson.objects(order, "productOrderItem", "productOrderItem");
        if (items.isEmpty()) {
            throw TmfException.missing("productOrderItem", "A product order needs at least one productOrderItem.");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            item(items.get(i), "productOrderItem[" + i + "]", ids);
        }
        return customer(order);
    }

    private static void item(ObjectNode item, String path, Set<String> ids) {
        TmfJson.rejectUnknown(item, ITEM_FIELDS, path, "ProductOrderItem");
        TmfJson.requireText(item, "@type", path + ".@type");
        String id = TmfJson.requireText(item, "id", path + ".id");
        if (!ids.add(id)) {
            throw TmfException.badRequest(path + ".id", "Two items have the id '" + id + "'; item ids must be unique.");
        }
        String action = TmfJson.requireText(item, "action", path + ".action");
        if (!ACTIONS.contains(action)) {
            throw TmfException.badRequest(path + ".action", path + ".action must be one of "
                    + ACTIONS.stream().sorted().toList() + ", not '" + action + "'.");
        }
        if (item.has("state")) {
            throw TmfException.badRequest(path + ".state", "An item's state is set by the server.");
        }
        if (item.has("productOrderItem")) {
            throw TmfException.badRequest(path + ".productOrderItem",
                    "Nested order items are not supported: list every item at the top level.");
        }
        JsonNode quantity = item.get("quantity");
        if (quantity != null && !quantity.isNull() && (!quantity.isIntegralNumber() || quantity.asInt() != 1)) {
            throw TmfException.badRequest(path + ".quantity", "quantity must be 1 (one product per item), not "
                    + quantity + ".");
        }
        Optional<ObjectNode> offering = TmfJson.optionalObject(item, "productOffering", path + ".productOffering");
        Optional<ObjectNode> product = TmfJson.optionalObject(item, "product", path + ".product");
        switch (action) {
            case "add" -> TmfJson.refId(offering.orElseThrow(() -> TmfException.missing(path + ".productOffering",
                    "An add item needs productOffering {id}: the offering to sell.")), path + ".productOffering");
            case "modify" -> {
                TmfJson.refId(product.orElseThrow(() -> TmfException.missing(path + ".product",
                        "A modify item needs product {id}: the product to change.")), path + ".product");
                TmfJson.refId(offering.orElseThrow(() -> TmfException.missing(path + ".productOffering",
                        "A modify item needs productOffering {id}: the offering to switch the product to.")),
                        path + ".productOffering");
            }
            case "delete" -> TmfJson.refId(product.orElseThrow(() -> TmfException.missing(path + ".product",
                    "A delete item needs product {id}: the product to terminate.")), path + ".product");
            default -> {
                // noChange: nothing to check.
            }
        }
    }

    /** The id of the related party whose role is customer: the subscriber. */
    private static String customer(ObjectNode order) {
        List<ObjectNode> parties = TmfJson.objects(order, "relatedParty", "relatedParty");
        for (int i = 0; i < parties.size(); i++) {
            ObjectNode party = parties.get(i);
            if (party.path("role").asText("").toLowerCase(Locale.ROOT).equals("customer")) {
                String path = "relatedParty[" + i + "].partyOrPartyRole";
                ObjectNode ref = TmfJson.optionalObject(party, "partyOrPartyRole", path).orElseThrow(
                        () -> TmfException.missing(path, path + " {id, @referredType} is required."));
                return TmfJson.refId(ref, path);
            }
        }
        throw TmfException.missing("relatedParty", "A product order needs a relatedParty with role customer: "
                + "{\"role\": \"customer\", \"partyOrPartyRole\": {\"id\": <subscriber id>, "
                + "\"@referredType\": \"Individual\"}}.");
    }

    private static void instant(ObjectNode order, String field) {
        Optional<String> text = TmfJson.optionalText(order, field, field);
        try {
            text.ifPresent(Instant::parse);
        } catch (DateTimeParseException e) {
            throw TmfException.badRequest(field, field + " must be an ISO 8601 date-time in UTC, not '" + text.get()
                    + "'.");
        }
    }
}
