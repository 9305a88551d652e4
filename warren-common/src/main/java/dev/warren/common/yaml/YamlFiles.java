package dev.warren.common.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warren.common.text.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a small YAML configuration file into a record with Jackson: unknown keys and keys given twice are errors, and
 * every mistake becomes one {@link IllegalArgumentException} naming the file, the line and the key, in the file's
 * words. Jackson's own messages name Java types ({@code java.util.ArrayList}, {@code JsonToken.START_ARRAY}) that
 * mean nothing to the person who wrote the file.
 */
public final class YamlFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private YamlFiles() {}

    /** The file as {@code type}; {@code null} when the file holds no document (empty, or only comments). */
    public static <T> T read(Path path, Class<T> type) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": " + IoErrors.reason(e), e);
        }
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#") || l.strip().equals("---"))) {
            return null;
        }
        try {
            return YAML.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            List<String> keys = keys(e.getReferringClass());
            String known = keys.isEmpty() ? "" : " (expected: " + String.join(", ", keys) + ")";
            throw new IllegalArgumentException(at(path, lineOf(text, e.getPropertyName(), e.getLocation())) + "unknown key '"
                    + e.getPropertyName() + "'" + known, e);
        } catch (MismatchedInputException e) {
            String key = key(e.getPath());
            throw new IllegalArgumentException(at(path, e.getLocation()) + (key.isEmpty() ? "" : key + ": ")
                    + "expected " + expected(e.getTargetType()) + got(e), e);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field ")) {
                throw new IllegalArgumentException(at(path, e.getLocation()) + "key "
                        + message.substring("Duplicate field ".length()) + " given twice", e);
            }
            throw new IllegalArgumentException(at(path, e.getLocation()) + "not valid YAML: " + problem(message), e);
        }
    }

    private static String at(Path path, JsonLocation location) {
        return at(path, location == null ? -1 : location.getLineNr());
    }

    private static String at(Path path, int line) {
        return line < 1 ? path + ": " : path + " line " + line + ": ";
    }

    /** The first line that writes {@code key:} (Jackson reports where it stopped reading, often a line later). */
    private static int lineOf(String text, String key, JsonLocation fallback) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            l = l.startsWith("- ") ? l.substring(2).strip() : l;
            if (l.startsWith(key + ":") || l.startsWith("\"" + key + "\":") || l.startsWith("'" + key + "':")) {
                return i + 1;
            }
        }
        return fallback == null ? -1 : fallback.getLineNr();
    }

    /** The keys of a record, in the order it declares them. */
    private static List<String> keys(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return List.of();
        }
        return java.util.Arrays.stream(type.getRecordComponents()).map(c -> {
            com.fasterxml.jackson.annotation.JsonProperty p = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return p != null && !p.value().isEmpty() ? p.value() : c.getName();
        }).toList();
    }

    /** {@code tunnels[2].allow-names}: the key path as the file writes it (lists counted from 1). */
    private static String key(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex() + 1).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, e.g. [a, b]";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "keys with values (key: value)";
        }
        return "a " + type.getSimpleName();
    }

    private static String got(MismatchedInputException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return " (got '" + f.getValue() + "')";
        }
        return "";
    }

    /** SnakeYAML's problem without its echo of the file ("in 'reader', line 2..." and the caret lines). */
    private static String problem(String message) {
        if (message == null) {
            return "unreadable";
        }
        String said = message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining(": "));
        return said.isEmpty() ? message.strip() : said;
    }
}
