package io.hyperlocal.server.tmf.common;

import io.hyperlocal.core.ErrorCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading and checking TMF JSON documents. Resources are kept as Jackson trees because the TMF
 * schemas are wide and mostly pass through; the attributes we act on are read by the helpers here,
 * each failure naming the attribute's path.
 */
public final class TmfJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private TmfJson() {}

    /** Parses a request body that must be a JSON object. */
    public static ObjectNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw TmfException.missing("body", "The request needs a JSON object body.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new TmfException(ErrorCode.INVALID_JSON, "Invalid JSON",
                    "The body is not valid JSON: " + e.getOriginalMessage(), "body");
        }
        if (!(node instanceof ObjectNode object)) {
            throw TmfException.badRequest("body", "The body must be a JSON object, not " + node.getNodeType() + ".");
        }
        return object;
    }

    public static ObjectNode parseStored(String document) {
        try {
            return (ObjectNode) MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored TMF document is not JSON: " + e.getMessage(), e);
        }
    }

    /** Refuses attributes outside {@code allowed}, naming them all (prefixed by {@code path}). */
    public static void rejectUnknown(ObjectNode object, Set<String> allowed, String path, String resource) {
        List<String> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(path.isEmpty() ? name : path + "." + name);
            }
        });
        if (!unknown.isEmpty()) {
            throw TmfException.unknown(String.join(",", unknown), resource + " has no attribute "
                    + String.join(", ", unknown) + " (check the spelling; attributes are case-sensitive). Known: "
                    + String.join(", ", allowed.stream().sorted().toList()) + ".");
        }
    }

    /** A required non-blank string. */
    public static String requireText(ObjectNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw TmfException.missing(path, path + " is required.");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw TmfException.badRequest(path, path + " must be a non-empty string, not " + value + ".");
        }
        return value.asText();
    }

    /** An optional string; empty when absent or null. */
    public static Optional<String> optionalText(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw TmfException.badRequest(path, path + " must be a string, not " + value + ".");
        }
        return Optional.of(value.asText());
    }

    public static Optional<Boolean> optionalBoolean(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw TmfException.badRequest(path, path + " must be true or false, not " + value + ".");
        }
        return Optional.of(value.asBoolean());
    }

    /** An optional object; empty when absent or null. */
    public static Optional<ObjectNode> optionalObject(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!(value instanceof ObjectNode node)) {
            throw TmfException.badRequest(path, path + " must be an object, not " + value + ".");
        }
        return Optional.of(node);
    }

    /** The objects of an optional array; empty when absent or null. */
    public static List<ObjectNode> objects(JsonNode object, String field, String path) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!(value instanceof ArrayNode array)) {
            throw TmfException.badRequest(path, path + " must be an array, not " + value + ".");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof ObjectNode node)) {
                throw TmfException.badRequest(path + "[" + i + "]", path + "[" + i + "] must be an object.");
            }
            objects.add(node);
        }
        return objects;
    }

    /** A reference's {@code id}: {@code {"id": "..."}} with a non-blank id. */
    public static String refId(ObjectNode ref, String path) {
        return requireText(ref, "id", path + ".id");
    }

    /**
     * RFC 7396 JSON merge patch: members of {@code patch} replace those of {@code target}, objects
     * merge recursively, {@code null} removes.
     */
    public static void mergePatch(ObjectNode target, ObjectNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value instanceof ObjectNode patchObject && target.get(field.getKey()) instanceof ObjectNode existing) {
                mergePatch(existing, patchObject);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }
}
