package dev.warren.store.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validation shared by the records' compact constructors and the repositories; messages name the
 * value and what was expected. Internal: other modules validate with their own rules.
 */
public final class Checks {
    /** Longest id the schema holds (VARCHAR(64)). */
    public static final int ID = 64;
    /** Longest name, actor, node or service (VARCHAR(128)). */
    public static final int NAME = 128;
    /** Longest address, target or reason (VARCHAR(255)). */
    public static final int TEXT = 255;
    /** Longest secret hash (VARCHAR(512)). */
    public static final int HASH = 512;
    /** Most rows a query may ask for. */
    public static final int MAX_LIMIT = 10_000;

    public static final int MAX_LABEL_KEY = 128;
    public static final int MAX_LABEL_VALUE = 1024;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    private Checks() {}

    /** Non-blank, at most {@code max} characters, no control characters. */
    public static String text(String name, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max || hasControl(value)) {
            throw new IllegalArgumentException(name + ": " + quote(value)
                    + " (expected: 1.." + max + " characters, not blank, no control characters)");
        }
        return value;
    }

    /** Like {@link #text} but {@code null} is allowed. */
    public static String optionalText(String name, String value, int max) {
        return value == null ? null : text(name, value, max);
    }

    /** Like {@link #text} but never echoes the value. */
    public static String secret(String name, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max || hasControl(value)) {
            throw new IllegalArgumentException(name + ": " + (value == null ? "null" : "****")
                    + " (expected: 1.." + max + " characters, not blank, no control characters)");
        }
        return value;
    }

    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": null (expected: a value)");
        }
        return value;
    }

    /** Instants are kept to microseconds, the precision both databases store. */
    public static Instant instant(String name, Instant value) {
        return notNull(name, value).truncatedTo(ChronoUnit.MICROS);
    }

    public static Instant optionalInstant(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }

    public static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
        return value;
    }

    public static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_LIMIT + ")");
        }
        return limit;
    }

    /** An immutable, key-sorted copy; keys like {@link #text}, values may be empty. */
    public static Map<String, String> stringMap(String name, Map<String, String> map, int maxKey, int maxValue) {
        notNull(name, map);
        TreeMap<String, String> copy = new TreeMap<>();
        map.forEach((k, v) -> {
            text(name + " key", k, maxKey);
            if (v == null || v.length() > maxValue || hasControl(v)) {
                throw new IllegalArgumentException(name + "[" + k + "]: " + quote(v)
                        + " (expected: 0.." + maxValue + " characters, no control characters)");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableSortedMap(copy);
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 40 ? value.substring(0, 40) + "…(" + value.length() + " chars)" : value;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** Device labels: keys 1..128, values 0..1024 characters; an immutable sorted copy. */
    public static Map<String, String> labels(Map<String, String> labels) {
        return stringMap("labels", labels, MAX_LABEL_KEY, MAX_LABEL_VALUE);
    }

    /** A SHA-256 hex fingerprint, returned in lower case. */
    public static String fingerprint(String fingerprint) {
        if (fingerprint == null || !SHA256_HEX.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("certFingerprint: " + quote(fingerprint)
                    + " (expected: 64 hex digits, the SHA-256 of the certificate's DER)");
        }
        return fingerprint.toLowerCase(Locale.ROOT);
    }
}
