package io.hyperlocal.sim.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * One mapping of a plan file with its dotted path, so every read can report where it failed. Unknown
 * keys are errors too: a misspelt optional field would otherwise silently take its default.
 */
final class YamlFields {
    private final JsonNode node;
    private final String path;

    private YamlFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The mapping at {@code path}; an error when the node is missing or not a mapping. */
    static YamlFields of(JsonNode node, String path) {
        if (node == null || node.isMissingNode() || node.isNull()) throw new PlanInputException(path, "is missing");
        if (!node.isObject()) throw new PlanInputException(path, "must be a mapping of fields");
        return new YamlFields(node, path);
    }

    String path() {
        return path;
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    JsonNode raw(String key) {
        return node.get(key);
    }

    YamlFields mapping(String key) {
        return of(node.get(key), at(key));
    }

    /** The entries of a mapping field, in file order. */
    Map<String, JsonNode> entries(String key) {
        YamlFields child = mapping(key);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = child.node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        if (out.isEmpty()) throw new PlanInputException(at(key), "must not be empty");
        return out;
    }

    void allowOnly(List<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new PlanInputException(at(key), "unknown field (expected one of " + String.join(", ", known) + ")");
            }
        }
    }

    double number(String key) {
        if (!has(key)) throw new PlanInputException(at(key), "is missing");
        JsonNode value = node.get(key);
        if (!value.isNumber()) throw new PlanInputException(at(key), "must be a number, was " + value);
        double d = value.asDouble();
        if (!Double.isFinite(d)) throw new PlanInputException(at(key), "must be finite, was " + value);
        return d;
    }

    double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    double positive(String key) {
        double v = number(key);
        if (!(v > 0)) throw new PlanInputException(at(key), "must be > 0, was " + format(v));
        return v;
    }

    double nonNegative(String key) {
        double v = number(key);
        if (!(v >= 0)) throw new PlanInputException(at(key), "must be >= 0, was " + format(v));
        return v;
    }

    double atLeast(String key, double min) {
        double v = number(key);
        if (!(v >= min)) throw new PlanInputException(at(key), "must be >= " + format(min) + ", was " + format(v));
        return v;
    }

    double share(String key) {
        return share(key, number(key));
    }

    double share(String key, double v) {
        if (!(v >= 0 && v <= 1)) throw new PlanInputException(at(key), "must be between 0 and 1, was " + format(v));
        return v;
    }

    long wholeNumber(String key, long min) {
        double v = number(key);
        if (Math.abs(v) > 1e15) throw new PlanInputException(at(key), "must be a whole number of at most 10^15, was " + node.get(key).asText());
        if (v != Math.rint(v)) throw new PlanInputException(at(key), "must be a whole number, was " + format(v));
        if (v < min) throw new PlanInputException(at(key), "must be >= " + min + ", was " + format(v));
        return (long) v;
    }

    long wholeNumber(String key, long min, long fallback) {
        return has(key) ? wholeNumber(key, min) : fallback;
    }

    String text(String key) {
        if (!has(key)) throw new PlanInputException(at(key), "is missing");
        JsonNode value = node.get(key);
        if (!value.isTextual() || value.asText().isBlank()) throw new PlanInputException(at(key), "must be a non-blank text");
        return value.asText().strip();
    }

    String text(String key, String fallback) {
        return has(key) ? text(key) : fallback;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
