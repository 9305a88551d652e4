package dev.warren.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warren.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** String maps (labels, audit details) as JSON text, keys sorted so equal maps give equal text. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

    private Json() {}

    static String write(Map<String, String> map) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode a string map as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, String> read(String column, String json) {
        try {
            Map<String, String> map = MAPPER.readValue(json, STRING_MAP);
            return map == null ? Map.of() : map;
        } catch (JsonProcessingException e) {
            throw new StoreException(column + ": stored JSON is not a string map: " + e.getOriginalMessage(), e);
        }
    }
}
