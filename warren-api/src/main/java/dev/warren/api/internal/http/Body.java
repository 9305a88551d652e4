package dev.warren.api.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed reads of a JSON request body; each problem is a 400 that names the field. */
public final class Body {
    private final ObjectNode node;

    private Body(ObjectNode node) {
        this.node = node;
    }

    /** The body, which may only hold {@code allowed} fields (a misspelt field is an error, not silently ignored). */
    public static Body of(byte[] body, boolean emptyAllowed, Set<String> allowed) {
        ObjectNode node = Json.object(body, emptyAllowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown field '" + Redaction.redact(name) + "' (expected: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return new Body(node);
    }

    /** A string field; {@code null} when absent (or JSON null) and not required. */
    public String text(String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest(field + ": missing (expected: a string)");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + ": " + article(value) + " (expected: a string)");
        }
        return value.textValue();
    }

    /** A whole number in {@code min..max}, {@code fallback} when absent. */
    public int integer(String field, int min, int max, int fallback) {
        return (int) longInteger(field, min, max, fallback);
    }

    /** A whole number in {@code min..max}, {@code fallback} when absent. */
    public long longInteger(String field, long min, long max, long fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw ApiException.badRequest(field + ": " + (value.isNumber() ? value.asText() : article(value))
                    + " (expected: a whole number, " + min + ".." + max + ")");
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw ApiException.badRequest(field + ": " + value.asText() + " (expected: " + min + ".." + max + ")");
        }
        return value.longValue();
    }

    /** A required whole number in {@code min..max}. */
    public long requiredLong(String field, long min, long max) {
        if (!has(field)) {
            throw ApiException.badRequest(field + ": missing (expected: a whole number, " + min + ".." + max + ")");
        }
        return longInteger(field, min, max, min);
    }

    /** A boolean; {@code null} when absent. */
    public Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + ": " + article(value) + " (expected: true or false)");
        }
        return value.booleanValue();
    }

    /** Whether the field is present and not null. */
    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /**
     * An object whose values are strings or null (a JSON merge patch of a string map: null removes the key); empty when
     * absent.
     */
    public Map<String, String> stringPatch(String field, int maxEntries) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest(field + ": " + article(value) + " (expected: an object of strings or nulls)");
        }
        if (value.size() > maxEntries) {
            throw ApiException.badRequest(field + ": " + value.size() + " entries (expected: at most " + maxEntries + ")");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                throw ApiException.badRequest(field + "." + Redaction.redact(e.getKey()) + ": " + article(e.getValue())
                        + " (expected: a string, or null to remove it)");
            }
            map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().textValue());
        }
        return map;
    }

    /** An object of strings; empty when absent. */
    public Map<String, String> stringMap(String field, int maxEntries) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest(field + ": " + article(value) + " (expected: an object of strings)");
        }
        if (value.size() > maxEntries) {
            throw ApiException.badRequest(field + ": " + value.size() + " entries (expected: at most " + maxEntries + ")");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest(field + "." + Redaction.redact(e.getKey()) + ": " + article(e.getValue())
                        + " (expected: a string)");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    /** "a string", "an array", "an object". */
    private static String article(JsonNode value) {
        String type = type(value);
        return (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
    }

    private static String type(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
