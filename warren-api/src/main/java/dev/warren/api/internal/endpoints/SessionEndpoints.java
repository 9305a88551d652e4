package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import dev.warren.store.SessionQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET /sessions?device=&open=&since=&limit=}: session history, newest first. */
final class SessionEndpoints {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMS = Set.of("device", "open", "since", "limit");
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");
    /** What a device id looks like: a deleted device's sessions can still be asked for by id. */
    private static final Pattern DEVICE_ID = Pattern.compile("d_[a-z2-7]{16}");

    private final ApiContext context;

    SessionEndpoints(ApiContext context) {
        this.context = context;
    }

    Reply query(Call call) {
        Map<String, List<String>> query = call.request().query();
        for (String name : query.keySet()) {
            if (!PARAMS.contains(name)) {
                throw ApiException.badRequest("unknown query parameter '" + Redaction.redact(name) + "' (expected: "
                        + String.join(", ", new TreeSet<>(PARAMS)) + ")");
            }
        }
        String device = single(query, "device");
        String deviceId = device == null ? null : deviceId(device);
        boolean openOnly = open(single(query, "open"));
        Instant since = since(single(query, "since"));
        int limit = limit(single(query, "limit"));
        return Reply.ok(context.store().sessions().query(new SessionQuery(deviceId, null, since, openOnly, limit))
                .stream().map(Views.SessionView::of).toList());
    }

    private String deviceId(String device) {
        Optional<Device> found = DeviceEndpoints.find(context, device);
        if (found.isPresent()) {
            return found.get().id();
        }
        if (DEVICE_ID.matcher(device).matches()) {
            return device;
        }
        throw ApiException.notFound("device: no device '" + Redaction.redact(device) + "' (expected: a device id or name)");
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name + ": given " + values.size() + " times (expected: once)");
        }
        return values.getFirst();
    }

    private static boolean open(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("open: '" + Redaction.redact(value) + "' (expected: true or false)");
    }

    private Instant since(String value) {
        if (value == null || value.isEmpty()) {
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
            return context.clock().instant().minus(d);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiException.badRequest("since: '" + Redaction.redact(value) + "' (expected: an ISO-8601 time"
                        + " such as 2026-11-23T08:00:00Z, or an age such as 30m, 1h, 7d)");
            }
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit: '" + Redaction.redact(value) + "' (expected: 1.." + MAX_LIMIT + ")");
    }
}
