package io.hyperlocal.server.tmf.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import io.hyperlocal.server.tmf.common.TmfStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a catalog document must satisfy beyond its attribute names, checked on create and after a
 * patch: required attributes, values we interpret, and references to resources that exist.
 */
final class CatalogRules {
    static final Set<String> PRICE_TYPES = Set.of("recurring", "oneTime", "usage", "allowance", "discount");
    static final Set<String> CHARGE_PERIODS = Set.of("day", "week", "month", "year", "daily", "weekly", "monthly",
            "yearly");

    private CatalogRules() {}

    static void check(CatalogKind kind, ObjectNode document, TmfStore.Tx tx) {
        TmfJson.requireText(document, "@type", "@type");
        TmfJson.requireText(document, "name", "name");
        TmfJson.requireText(document, "lifecycleStatus", "lifecycleStatus");
        TmfJson.optionalBoolean(document, "isBundle", "isBundle");
        validFor(document, "validFor");
        switch (kind) {
            case SPECIFICATION -> AiCharacteristics.of(document);
            case PRICE -> price(document);
            case OFFERING -> offering(document, tx);
        }
    }

    private static void price(ObjectNode price) {
        String type = TmfJson.requireText(price, "priceType", "priceType");
        if (!PRICE_TYPES.contains(type)) {
            throw TmfException.badRequest("priceType", "priceType must be one of " + PRICE_TYPES.stream().sorted()
                    .toList() + ", not '" + type + "'.");
        }
        Optional<ObjectNode> money = TmfJson.optionalObject(price, "price", "price");
        if (money.isEmpty() && !type.equals("discount") && !type.equals("allowance")) {
            throw TmfException.missing("price", "A " + type + " price needs price {unit, value}.");
        }
        money.ifPresent(value -> money(value, "price"));
        if (type.equals("recurring")) {
            String period = TmfJson.optionalText(price, "recurringChargePeriodType", "recurringChargePeriodType")
                    .orElseThrow(() -> TmfException.missing("recurringChargePeriodType",
                            "A recurring price needs recurringChargePeriodType (day, week, month or year)."));
            if (!CHARGE_PERIODS.contains(period)) {
                throw TmfException.badRequest("recurringChargePeriodType", "recurringChargePeriodType must be one of "
                        + CHARGE_PERIODS.stream().sorted().toList() + ", not '" + period + "'.");
            }
        }
        JsonNode length = price.get("recurringChargePeriodLength");
        if (length != null && !length.isNull() && (!length.isIntegralNumber() || length.asInt() < 1)) {
            throw TmfException.badRequest("recurringChargePeriodLength",
                    "recurringChargePeriodLength must be a whole number of 1 or more, not " + length + ".");
        }
        JsonNode percentage = price.get("percentage");
        if (percentage != null && !percentage.isNull()
                && (!percentage.isNumber() || percentage.asDouble() < 0 || percentage.asDouble() > 100)) {
            throw TmfException.badRequest("percentage", "percentage must be a number within 0..100, not "
                    + percentage + ".");
        }
        TmfJson.optionalObject(price, "unitOfMeasure", "unitOfMeasure").ifPresent(quantity -> {
            JsonNode amount = quantity.get("amount");
            if (amount == null || !amount.isNumber() || amount.asDouble() <= 0) {
                throw TmfException.badRequest("unitOfMeasure.amount", "unitOfMeasure.amount must be a positive number.");
            }
            TmfJson.requireText(quantity, "units", "unitOfMeasure.units");
        });
        terms(price);
    }

    private static void offering(ObjectNode offering, TmfStore.Tx tx) {
        TmfJson.optionalBoolean(offering, "isSellable", "isSellable");
        boolean bundle = offering.path("isBundle").asBoolean(false);
        List<ObjectNode> bundled = TmfJson.objects(offering, "bundledProductOffering", "bundledProductOffering");
        if (bundle && bundled.isEmpty()) {
            throw TmfException.missing("bundledProductOffering",
                    "A bundle (isBundle: true) needs bundledProductOffering: the offerings it is made of.");
        }
        if (!bundle && !bundled.isEmpty()) {
            throw TmfException.badRequest("isBundle", "bundledProductOffering is only for bundles: set isBundle: true.");
        }
        for (int i = 0; i < bundled.size(); i++) {
            String path = "bundledProductOffering[" + i + "]";
            String id = TmfJson.refId(bundled.get(i), path);
            if (id.equals(offering.path("id").asText())) {
                throw TmfException.badRequest(path + ".id", "An offering cannot bundle itself.");
            }
            ObjectNode child = exists(tx, CatalogKind.OFFERING, id, path + ".id");
            if (child.path("isBundle").asBoolean(false)) {
                throw TmfException.badRequest(path + ".id", "The offering " + id
                        + " is itself a bundle; bundles of bundles are not supported.");
            }
        }
        Optional<ObjectNode> specification = TmfJson.optionalObject(offering, "productSpecification",
                "productSpecification");
        if (specification.isPresent()) {
            exists(tx, CatalogKind.SPECIFICATION, TmfJson.refId(specification.get(), "productSpecification"),
                    "productSpecification.id");
        }
        List<ObjectNode> prices = TmfJson.objects(offering, "productOfferingPrice", "productOfferingPrice");
        for (int i = 0; i < prices.size(); i++) {
            String path = "productOfferingPrice[" + i + "]";
            if (!prices.get(i).has("id")) {
                throw TmfException.missing(path + ".id", "Prices are referenced by id: create the price with "
                        + "POST productOfferingPrice, then reference it here as {\"id\": ...}.");
            }
            exists(tx, CatalogKind.PRICE, TmfJson.refId(prices.get(i), path), path + ".id");
        }
        List<ObjectNode> terms = terms(offering);
        if (terms.size() > 1) {
            throw TmfException.badRequest("productOfferingTerm", "An offering has at most one productOfferingTerm "
                    + "(its promotional term); it has " + terms.size() + ".");
        }
    }

    private static List<ObjectNode> terms(ObjectNode document) {
        List<ObjectNode> terms = TmfJson.objects(document, "productOfferingTerm", "productOfferingTerm");
        for (int i = 0; i < terms.size(); i++) {
            TermDuration.of(terms.get(i), "productOfferingTerm[" + i + "]");
        }
        return terms;
    }

    private static void money(ObjectNode money, String path) {
        String unit = TmfJson.requireText(money, "unit", path + ".unit");
        if (!unit.matches("[A-Z]{3}")) {
            throw TmfException.badRequest(path + ".unit", path + ".unit must be an ISO 4217 currency code such as "
                    + "EUR, not '" + unit + "'.");
        }
        JsonNode value = money.get("value");
        if (value == null || !value.isNumber() || value.asDouble() < 0) {
            throw TmfException.badRequest(path + ".value", path + ".value must be a number of 0 or more, not "
                    + value + ".");
        }
    }

    static void validFor(ObjectNode document, String path) {
        Optional<ObjectNode> period = TmfJson.optionalObject(document, "validFor", path);
        if (period.isEmpty()) {
            return;
        }
        Optional<Instant> start = instant(period.get(), "startDateTime", path);
        Optional<Instant> end = instant(period.get(), "endDateTime", path);
        if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
            throw TmfException.badRequest(path, path + ".startDateTime must be before its endDateTime.");
        }
    }

    static Optional<Instant> instant(ObjectNode object, String field, String path) {
        Optional<String> text = TmfJson.optionalText(object, field, path + "." + field);
        try {
            return text.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw TmfException.badRequest(path + "." + field, path + "." + field
                    + " must be an ISO 8601 date-time in UTC such as 2026-01-31T00:00:00Z, not '" + text.get() + "'.");
        }
    }

    private static ObjectNode exists(TmfStore.Tx tx, CatalogKind kind, String id, String path) {
        return tx.find(kind.path(), id, false).map(row -> row.document()).orElseThrow(() -> TmfException.badRequest(
                path, "No " + kind.path() + " with id '" + id + "' (referenced at " + path + "); create it first."));
    }
}
