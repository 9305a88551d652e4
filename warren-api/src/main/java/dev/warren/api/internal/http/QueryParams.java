package dev.warren.api.internal.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request's query parameters, read strictly: unknown names, repeated names and malformed values are 400s. */
public final class QueryParams {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

    private final Map<String, List<String>> query;

    private QueryParams(Map<String, List<String>> query) {
        this.query = query;
    }

    /** The parameters of {@code request}, which may only use {@code allowed} names. */
    public static QueryParams of(ApiRequest request, Set<String> allowed) {
        for (String name : request.query().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + Redaction.redact(name) + "' (expected: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return new QueryParams(request.query());
    }

    /** The value given once; {@code null} when absent or empty. */
    public String text(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name + ": given " + values.size() + " times (expected: once)");
        }
        String value = values.getFirst();
        if (value.length() > 255 || value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(name + ": '" + Redaction.redact(value)
                    + "' (expected: at most 255 characters, no control characters)");
        }
        return value.isEmpty() ? null : value;
    }

    public boolean bool(String name, boolean fallback) {
        String value = text(name);
        if (value == null) {
            return fallback;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + ": '" + Redaction.redact(value)
                    + "' (expected: true or false)");
        };
    }

    public int limit(int fallback, int max) {
        String value = text("limit");
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit: '" + Redaction.redact(value) + "' (expected: 1.." + max + ")");
    }

    /** An ISO-8601 instant or an age before now ({@code 30m}, {@code 1h}, {@code 7d}); null when absent. */
    public Instant since(String name, Clock clock) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        Matcher age = AGE.matcher(value);
        if (age.matches()) {
            long n = Long.parseLong(age.group(1));
            Duration d = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest(name + ": '" + Redaction.redact(value) + "' (expected: an ISO-8601 time"
                        + " such as 2026-11-23T08:00:00Z, or an age such as 30m, 1h, 7d)");
            }
        }
    }
}
