package io.hyperlocal.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.HyperlocalException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Typed access to the fields of one JSON object of a request, with OpenAI's error wording. A JSON
 * {@code null} counts as absent, as it does for OpenAI.
 */
final class Fields {
    private final JsonNode object;
    private final String path;

    private Fields(JsonNode object, String path) {
        this.object = object;
        this.path = path;
    }

    /** The request body, which must be a JSON object. */
    static Fields body(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new HyperlocalException(ErrorCode.INVALID_JSON,
                    "The request body must be a JSON object, but got " + describe(root) + ".");
        }
        return new Fields(root, "");
    }

    static Fields object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object", node);
        }
        return new Fields(node, path);
    }

    /** Refuses any field that is not in {@code known}, as OpenAI does. */
    void rejectUnknown(Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new HyperlocalException(ErrorCode.UNKNOWN_PARAMETER,
                        "Unrecognized request argument supplied: " + qualified(name), qualified(name));
            }
        }
    }

    Optional<JsonNode> node(String name) {
        JsonNode value = object.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    JsonNode required(String name) {
        return node(name).orElseThrow(() -> new HyperlocalException(ErrorCode.MISSING_PARAMETER,
                "Missing required parameter: '" + qualified(name) + "'.", qualified(name)));
    }

    String requiredString(String name) {
        JsonNode value = required(name);
        if (!value.isTextual()) {
            throw wrongType(qualified(name), "a string", value);
        }
        return value.textValue();
    }

    Optional<String> string(String name) {
        return node(name).map(value -> {
            if (!value.isTextual()) {
                throw wrongType(qualified(name), "a string", value);
            }
            return value.textValue();
        });
    }

    boolean bool(String name, boolean fallback) {
        return node(name).map(value -> {
            if (!value.isBoolean()) {
                throw wrongType(qualified(name), "a boolean", value);
            }
            return value.booleanValue();
        }).orElse(fallback);
    }

    double number(String name, double fallback, double min, double max) {
        Optional<JsonNode> node = node(name);
        if (node.isEmpty()) {
            return fallback;
        }
        JsonNode value = node.get();
        if (!value.isNumber()) {
            throw wrongType(qualified(name), "a number", value);
        }
        double number = value.doubleValue();
        if (number < min) {
            throw outOfRange(qualified(name), "below minimum value", ">= " + format(min), value);
        }
        if (number > max) {
            throw outOfRange(qualified(name), "above maximum value", "<= " + format(max), value);
        }
        return number;
    }

    Optional<Long> integer(String name, long min, long max) {
        return node(name).map(value -> {
            if (!value.isIntegralNumber() && !(value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()))) {
                throw wrongType(qualified(name), "an integer", value);
            }
            if (!value.canConvertToLong()) {
                throw outOfRange(qualified(name), "integer out of range", "within a 64-bit integer", value);
            }
            long number = value.longValue();
            if (number < min) {
                throw outOfRange(qualified(name), "integer below minimum value", ">= " + min, value);
            }
            if (number > max) {
                throw outOfRange(qualified(name), "integer above maximum value", "<= " + max, value);
            }
            return number;
        });
    }

    String qualified(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static HyperlocalException wrongType(String param, String expected, JsonNode value) {
        return new HyperlocalException(ErrorCode.INVALID_TYPE,
                "Invalid type for '" + param + "': expected " + expected + ", but got " + describe(value) + " instead.",
                param);
    }

    static HyperlocalException outOfRange(String param, String problem, String expected, JsonNode value) {
        return new HyperlocalException(ErrorCode.INVALID_VALUE,
                "Invalid '" + param + "': " + problem + ". Expected a value " + expected + ", but got " + value + " instead.",
                param);
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType type = value.getNodeType();
        return switch (type) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
