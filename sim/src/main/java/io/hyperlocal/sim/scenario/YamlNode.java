package io.hyperlocal.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML node with its path from the document root, so every error names the field
 * ({@code sites[2].engines: must be a whole number: "eight"}). Mappings refuse keys nobody read
 * ({@link #finish}): a misspelt field is an error, not a silent default.
 */
final class YamlNode {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private final JsonNode node;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    YamlNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    ScenarioException error(String message) {
        return new ScenarioException((path.isEmpty() ? "(document)" : path) + ": " + message);
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private JsonNode raw(String key) {
        if (!node.isObject()) {
            throw error("must be a mapping of fields");
        }
        read.add(key);
        JsonNode child = node.get(key);
        return child == null || child.isNull() ? null : child;
    }

    boolean has(String key) {
        return raw(key) != null;
    }

    YamlNode child(String key) {
        JsonNode child = raw(key);
        if (child == null) {
            throw new ScenarioException(childPath(key) + ": is missing");
        }
        return new YamlNode(child, childPath(key));
    }

    Optional<YamlNode> optionalChild(String key) {
        JsonNode child = raw(key);
        return child == null ? Optional.empty() : Optional.of(new YamlNode(child, childPath(key)));
    }

    List<YamlNode> list(String key) {
        JsonNode child = raw(key);
        if (child == null) {
            return List.of();
        }
        if (!child.isArray()) {
            throw new ScenarioException(childPath(key) + ": must be a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < child.size(); i++) {
            items.add(new YamlNode(child.get(i), childPath(key) + "[" + i + "]"));
        }
        return items;
    }

    /** The entries of a mapping field, keys sorted; empty when absent. */
    Map<String, YamlNode> entries(String key) {
        JsonNode child = raw(key);
        return child == null ? new TreeMap<>() : new YamlNode(child, childPath(key)).asEntries();
    }

    /** The entries of this mapping, keys sorted. */
    Map<String, YamlNode> asEntries() {
        if (!node.isObject()) {
            throw error("must be a mapping");
        }
        Map<String, YamlNode> entries = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            entries.put(entry.getKey(), new YamlNode(entry.getValue(), childPath(entry.getKey())));
        }
        return entries;
    }

    /** A list of strings, or a single string as a list of one. */
    Set<String> asTextSet() {
        Set<String> values = new LinkedHashSet<>();
        if (node.isValueNode()) {
            values.add(node.asText());
            return values;
        }
        if (!node.isArray()) {
            throw error("must be a list");
        }
        for (int i = 0; i < node.size(); i++) {
            values.add(new YamlNode(node.get(i), path + "[" + i + "]").asText());
        }
        return values;
    }

    String text(String key) {
        return child(key).asText();
    }

    String text(String key, String fallback) {
        return has(key) ? text(key) : fallback;
    }

    String asText() {
        if (!node.isValueNode()) {
            throw error("must be a single value");
        }
        return node.asText();
    }

    long wholeNumber(String key) {
        return child(key).asWholeNumber();
    }

    long wholeNumber(String key, long fallback) {
        return has(key) ? wholeNumber(key) : fallback;
    }

    long asWholeNumber() {
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw error("must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ": " + node.asText());
            }
            return node.asLong();
        }
        if (node.isTextual()) {
            // Allow 15_000_000 and 15,000,000 spellings for big figures.
            String cleaned = node.asText().replace("_", "").replace(",", "").strip();
            if (cleaned.matches("-?\\d+")) {
                try {
                    return Long.parseLong(cleaned);
                } catch (NumberFormatException tooLarge) {
                    throw error("must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ": " + cleaned);
                }
            }
        }
        throw error("must be a whole number: " + node);
    }

    int integer(String key) {
        return toInt(child(key), wholeNumber(key));
    }

    int integer(String key, int fallback) {
        return has(key) ? integer(key) : fallback;
    }

    private static int toInt(YamlNode at, long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw at.error("out of range: " + value);
        }
        return (int) value;
    }

    double number(String key) {
        return child(key).asNumber();
    }

    double number(String key, double fallback) {
        return has(key) ? number(key) : fallback;
    }

    double asNumber() {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.asText().replace("_", "").strip());
            } catch (NumberFormatException notNumber) {
                // fall through to the error naming the field
            }
        }
        throw error("must be a number: " + node);
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode child = raw(key);
        if (!child.isBoolean()) {
            throw new ScenarioException(childPath(key) + ": must be true or false: " + child);
        }
        return child.asBoolean();
    }

    Duration duration(String key) {
        return child(key).asDuration();
    }

    Duration duration(String key, Duration fallback) {
        return has(key) ? duration(key) : fallback;
    }

    /** {@code 90} (seconds), {@code 250ms}, {@code 2s}, {@code 20h30m}, {@code 1d}. */
    Duration asDuration() {
        if (node.isNumber()) {
            return nanos(node.asDouble() * 1e9);
        }
        String text = node.asText().replace(" ", "");
        Matcher matcher = DURATION_PART.matcher(text);
        double nanos = 0;
        int at = 0;
        while (at < text.length() && matcher.find(at) && matcher.start() == at) {
            double value = Double.parseDouble(matcher.group(1));
            nanos += value * switch (matcher.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                case "d" -> 86400e9;
                default -> throw error("unknown unit " + matcher.group(2));
            };
            at = matcher.end();
        }
        if (text.isEmpty() || at != text.length()) {
            throw error("must be a duration such as 90 (seconds), 250ms, 2s, 20h30m or 1d: " + node);
        }
        return nanos(nanos);
    }

    /**
     * Nanoseconds as a duration. Math.round saturates at Long.MAX_VALUE (292 years) and turns NaN into
     * 0: a duration that large is a typo, to name rather than run for days as 292 years.
     */
    private Duration nanos(double nanos) {
        if (!(Math.abs(nanos) < Long.MAX_VALUE)) {
            throw error("must be a duration of at most 292 years: " + node);
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    Set<String> textSet(String key) {
        Set<String> values = new LinkedHashSet<>();
        for (YamlNode item : list(key)) {
            values.add(item.asText());
        }
        return values;
    }

    double[] numbers(String key) {
        List<YamlNode> items = list(key);
        double[] values = new double[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = items.get(i).asNumber();
        }
        return values;
    }

    boolean isText() {
        return node.isTextual();
    }

    /** Refuses fields that were never read: misspelt or unsupported. */
    void finish() {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!read.contains(key)) {
                throw new ScenarioException(childPath(key) + ": unknown field; known here: " + read);
            }
        }
    }
}
