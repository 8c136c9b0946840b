package io.hyperlocal.server.tmf.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TMF list parameters: {@code fields} (comma-separated top-level attributes; {@code id},
 * {@code href} and {@code @type} are always kept), {@code offset} (default 0) and {@code limit}
 * (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}).
 *
 * @param fields the attributes to keep, empty for all
 */
public record ListQuery(Set<String> fields, int offset, int limit) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final Set<String> ALWAYS = Set.of("id", "href", "@type");
    /** TMF630 list features this server does not offer: refused by name rather than read as attributes. */
    private static final Set<String> UNSUPPORTED = Set.of("sort", "depth", "expand", "filter");
    /** TMF630's comparison suffixes ({@code lastUpdate.gt=...}). */
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "regex");

    public ListQuery {
        fields = Set.copyOf(fields);
        if (offset < 0) {
            throw TmfException.badRequest("offset", "offset must be 0 or more: " + offset + ".");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw TmfException.badRequest("limit", "limit must be within 1.." + MAX_LIMIT + ": " + limit + ".");
        }
    }

    /** Parses the raw query parameters (each may be null). */
    public static ListQuery parse(String fields, String offset, String limit) {
        Set<String> selected = new LinkedHashSet<>();
        if (fields != null && !fields.isBlank()) {
            Arrays.stream(fields.split(",")).map(String::trim).filter(field -> !field.isEmpty()).forEach(selected::add);
        }
        return new ListQuery(selected, number("offset", offset, 0), number("limit", limit, DEFAULT_LIMIT));
    }

    /**
     * The attribute filters of a list call: every query parameter other than {@code fields},
     * {@code offset}, {@code limit} and the {@code handled} ones, as an attribute path (
     * {@code lifecycleStatus}, {@code productOffering.id}) and the values it may have (a comma
     * separates alternatives, as does repeating the parameter). Without them a BSS asking for
     * {@code ?lifecycleStatus=Launched} got every resource, as if it had matched.
     */
    public static Map<List<String>, List<String>> filters(MultivaluedMap<String, String> parameters,
            Set<String> handled) {
        Map<List<String>, List<String>> filters = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (Set.of("fields", "offset", "limit").contains(name) || handled.contains(name)) {
                return;
            }
            if (UNSUPPORTED.contains(name)) {
                // Read as an attribute filter, ?sort=name would match nothing and answer an empty list.
                throw TmfException.badRequest(name, "'" + name + "' is not supported on this list: it pages"
                        + " oldest first and filters by equality only (attribute=value, alternatives after commas).");
            }
            List<String> path = List.of(name.split("\\.", -1));
            if (path.size() > 1 && OPERATORS.contains(path.getLast())) {
                // TMF630's attribute.gt=... form; read as a path it would silently match nothing.
                throw TmfException.badRequest(name, "'" + name + "': comparison operators (." + path.getLast()
                        + ") are not supported on this list; filter by equality: "
                        + String.join(".", path.subList(0, path.size() - 1)) + "=value.");
            }
            if (path.stream().anyMatch(String::isBlank)) {
                throw TmfException.badRequest(name, "'" + name + "' is not an attribute path: give an attribute, or "
                        + "attributes joined by dots (productOffering.id).");
            }
            List<String> alternatives = new ArrayList<>();
            values.forEach(value -> Arrays.stream(value.split(",")).map(String::trim).forEach(alternatives::add));
            filters.computeIfAbsent(path, key -> new ArrayList<>()).addAll(alternatives);
        });
        return filters;
    }

    /** Parses only {@code fields}, for a single-resource GET. */
    public static ListQuery fieldsOnly(String fields) {
        return parse(fields, null, null);
    }

    private static int number(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw TmfException.badRequest(name, name + " must be a whole number, not '" + value + "'.");
        }
    }

    /** The document reduced to the selected attributes (a copy), or itself when all are wanted. */
    public ObjectNode select(ObjectNode document) {
        if (fields.isEmpty()) {
            return document;
        }
        ObjectNode selected = document.objectNode();
        document.fields().forEachRemaining(field -> {
            if (ALWAYS.contains(field.getKey()) || fields.contains(field.getKey())) {
                selected.set(field.getKey(), field.getValue());
            }
        });
        return selected;
    }
}
