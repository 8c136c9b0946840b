package io.hyperlocal.server.tmf.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperlocal.server.entitlement.AllowancePeriod;
import io.hyperlocal.server.entitlement.Entitlement;
import io.hyperlocal.server.tmf.common.TmfException;
import io.hyperlocal.server.tmf.common.TmfJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an AI product grants, read from a ProductSpecification's {@code productSpecCharacteristic}.
 * Each characteristic's value is the {@code value} of its default {@code characteristicValueSpecification}
 * (the one with {@code isDefault: true}, or the only one):
 *
 * <ul>
 * <li>{@code allowedModels}: model ids, an array of strings or one comma-separated string; {@code "*"} for all
 * <li>{@code tokenAllowance}: tokens per period, prompt and completion together; -1 for unlimited
 * <li>{@code allowancePeriod}: calendarMonth (default), calendarDay, rollingMonth or rollingDay
 * <li>{@code rolloverPercent}: share of the unused allowance carried over, 0 (default) to 100
 * <li>{@code requestsPerMinute}, {@code tokensPerMinute}, {@code concurrentStreams}: -1 (default) for unlimited
 * <li>{@code residency}: jurisdiction tags every serving site must carry (an array or comma-separated)
 * </ul>
 *
 * A specification is an AI one when it has {@code allowedModels} or {@code tokenAllowance}; it then
 * needs both. Its other characteristics (a mobile plan's data volume, say) are left alone.
 */
public record AiCharacteristics(Set<String> models, long allowanceTokens, AllowancePeriod period, int rolloverPercent,
        long requestsPerMinute, long tokensPerMinute, int concurrentStreams, List<String> residencyTags) {
    public static final Set<String> NAMES = Set.of("allowedModels", "tokenAllowance", "allowancePeriod",
            "rolloverPercent", "requestsPerMinute", "tokensPerMinute", "concurrentStreams", "residency");
    private static final Map<String, AllowancePeriod> PERIODS = Map.of("calendarMonth", AllowancePeriod.CALENDAR_MONTH,
            "calendarDay", AllowancePeriod.CALENDAR_DAY, "rollingMonth", AllowancePeriod.ROLLING_MONTH,
            "rollingDay", AllowancePeriod.ROLLING_DAY);

    public AiCharacteristics {
        models = Set.copyOf(models);
        residencyTags = List.copyOf(residencyTags);
        // The entitlement checks the limits; building one here validates them once, at creation.
        new Entitlement("check", "check", models, allowanceTokens, period, rolloverPercent, requestsPerMinute,
                tokensPerMinute, concurrentStreams, residencyTags);
    }

    /** The entitlement a product of this specification grants. */
    public Entitlement entitlement(String productId, String offeringId) {
        return new Entitlement(productId, offeringId, models, allowanceTokens, period, rolloverPercent,
                requestsPerMinute, tokensPerMinute, concurrentStreams, residencyTags);
    }

    /**
     * Reads the AI characteristics of {@code specification}; empty for a specification that grants
     * no AI. Throws a 400 naming the characteristic at fault.
     */
    public static Optional<AiCharacteristics> of(ObjectNode specification) {
        List<ObjectNode> characteristics = TmfJson.objects(specification, "productSpecCharacteristic",
                "productSpecCharacteristic");
        java.util.HashMap<String, Value> values = new java.util.HashMap<>();
        for (int i = 0; i < characteristics.size(); i++) {
            ObjectNode characteristic = characteristics.get(i);
            String path = "productSpecCharacteristic[" + i + "]";
            String name = TmfJson.requireText(characteristic, "name", path + ".name");
            if (NAMES.contains(name)) {
                if (values.containsKey(name)) {
                    throw TmfException.badRequest(path + ".name", "The characteristic " + name + " appears twice.");
                }
                values.put(name, defaultValue(characteristic, name, path));
            }
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (!values.containsKey("allowedModels") || !values.containsKey("tokenAllowance")) {
            String lacking = values.containsKey("allowedModels") ? "tokenAllowance" : "allowedModels";
            throw TmfException.missing("productSpecCharacteristic." + lacking, "An AI specification needs both "
                    + "allowedModels and tokenAllowance; '" + lacking + "' is missing.");
        }
        Set<String> models = new LinkedHashSet<>(values.get("allowedModels").strings());
        if (models.isEmpty()) {
            throw values.get("allowedModels").invalid("at least one model id, or \"*\" for all");
        }
        String periodName = values.containsKey("allowancePeriod") ? values.get("allowancePeriod").text()
                : "calendarMonth";
        AllowancePeriod period = PERIODS.get(periodName);
        if (period == null) {
            throw values.get("allowancePeriod").invalid("one of " + PERIODS.keySet().stream().sorted().toList());
        }
        long rollover = number(values, "rolloverPercent", 0, 0, 100);
        try {
            return Optional.of(new AiCharacteristics(models, number(values, "tokenAllowance", -1, -1, Long.MAX_VALUE),
                    period, (int) rollover, number(values, "requestsPerMinute", -1, -1, Long.MAX_VALUE),
                    number(values, "tokensPerMinute", -1, -1, Long.MAX_VALUE),
                    (int) number(values, "concurrentStreams", -1, -1, Integer.MAX_VALUE),
                    values.containsKey("residency") ? values.get("residency").strings() : List.of()));
        } catch (IllegalArgumentException e) {
            throw TmfException.badRequest("productSpecCharacteristic", e.getMessage());
        }
    }

    private static long number(Map<String, Value> values, String name, long fallback, long min, long max) {
        Value value = values.get(name);
        if (value == null) {
            return fallback;
        }
        JsonNode node = value.node();
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw value.invalid("a whole number within " + min + ".." + (max == Long.MAX_VALUE ? "" : max)
                    + (min == -1 ? " (-1 for unlimited)" : ""));
        }
        return node.asLong();
    }

    private static Value defaultValue(ObjectNode characteristic, String name, String path) {
        List<ObjectNode> specs = TmfJson.objects(characteristic, "characteristicValueSpecification",
                path + ".characteristicValueSpecification");
        List<Integer> defaults = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).path("isDefault").asBoolean(false)) {
                defaults.add(i);
            }
        }
        int index;
        if (defaults.size() == 1) {
            index = defaults.get(0);
        } else if (defaults.isEmpty() && specs.size() == 1) {
            index = 0;
        } else {
            throw TmfException.badRequest(path + ".characteristicValueSpecification", "The characteristic " + name
                    + " needs exactly one characteristicValueSpecification, or one with isDefault: true; it has "
                    + specs.size() + " with " + defaults.size() + " default(s).");
        }
        String valuePath = path + ".characteristicValueSpecification[" + index + "].value";
        JsonNode value = specs.get(index).get("value");
        if (value == null || value.isNull()) {
            throw TmfException.missing(valuePath, "The characteristic " + name + " has no value at " + valuePath + ".");
        }
        return new Value(name, valuePath, value);
    }

    /** One characteristic's value, with where it was found for error messages. */
    private record Value(String name, String path, JsonNode node) {
        String text() {
            if (!node.isTextual()) {
                throw invalid("a string");
            }
            return node.asText();
        }

        List<String> strings() {
            List<String> strings = new ArrayList<>();
            if (node.isTextual()) {
                Arrays.stream(node.asText().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .forEach(strings::add);
            } else if (node.isArray()) {
                for (JsonNode item : node) {
                    if (!item.isTextual() || item.asText().isBlank()) {
                        throw invalid("an array of non-empty strings");
                    }
                    strings.add(item.asText().trim());
                }
            } else {
                throw invalid("an array of strings or a comma-separated string");
            }
            return strings;
        }

        TmfException invalid(String expected) {
            return TmfException.badRequest(path, "The characteristic " + name + " must be " + expected + ", not "
                    + node + " (at " + path + ").");
        }
    }
}
