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
            throw ApiException.badRequest(field + ": a " + type(value) + " (expected: a string)");
        }
        return value.textValue();
    }

    /** A whole number in {@code min..max}, {@code fallback} when absent. */
    public int integer(String field, int min, int max, int fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber()) {
            throw ApiException.badRequest(field + ": " + (value.isNumber() ? value.asText() : "a " + type(value))
                    + " (expected: a whole number, " + min + ".." + max + ")");
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw ApiException.badRequest(field + ": " + value.asText() + " (expected: " + min + ".." + max + ")");
        }
        return value.intValue();
    }

    /** An object of strings; empty when absent. */
    public Map<String, String> stringMap(String field, int maxEntries) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw ApiException.badRequest(field + ": a " + type(value) + " (expected: an object of strings)");
        }
        if (value.size() > maxEntries) {
            throw ApiException.badRequest(field + ": " + value.size() + " entries (expected: at most " + maxEntries + ")");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (!e.getValue().isTextual()) {
                throw ApiException.badRequest(field + "." + Redaction.redact(e.getKey()) + ": a " + type(e.getValue())
                        + " (expected: a string)");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    private static String type(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
