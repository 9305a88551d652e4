package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.Device;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /audit?since=&until=&device=&user=&actor=&action=&outcome=&before=&limit=}: the append-only audit trail,
 * newest first, for admins and auditors; also what the dashboard's audit page and CSV export ask (the same filters,
 * parsed by the same code). There is no route that changes or removes an event.
 */
final class AuditEndpoints {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    /** The filters, shared with the dashboard; {@code limit} besides. */
    static final Set<String> FILTERS = Set.of("since", "until", "device", "user", "actor", "action", "outcome",
            "before");
    private static final Set<String> PARAMS = with(FILTERS, "limit");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9.-]{0,61}(\\.\\*)?");
    private static final Pattern OUTCOME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern CURSOR = Pattern.compile("([^,]{1,40}),([0-9]{1,18})");

    private final ApiContext context;
    private final Lookups lookups;

    AuditEndpoints(ApiContext context, Lookups lookups) {
        this.context = context;
        this.lookups = lookups;
    }

    Reply query(Call call) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        return Reply.ok(find(filter(q, q.limit(DEFAULT_LIMIT, MAX_LIMIT))).stream().map(Views.AuditView::of)
                .toList());
    }

    List<AuditEvent> find(AuditQuery query) {
        return context.store().audit().query(query);
    }

    /** The store's query for the filters of {@code q}; each bad value is a 400 naming it (an unknown device 404). */
    AuditQuery filter(QueryParams q, int limit) {
        Instant since = q.since("since", context.clock());
        Instant until = q.since("until", context.clock());
        String device = q.text("device");
        String deviceId = null;
        if (device != null) {
            Optional<Device> found = lookups.anyDevice(device);
            if (found.isPresent()) {
                deviceId = found.get().id();
            } else if (Lookups.DEVICE_ID.matcher(device).matches()) {
                deviceId = device; // a deleted device's trail
            } else {
                throw Lookups.noDevice(device);
            }
        }
        String user = name(q, "user");
        String actor = name(q, "actor");
        String action = q.text("action");
        if (action != null && !ACTION.matcher(action).matches()) {
            throw ApiException.badRequest("action: '" + Redaction.redact(action) + "' (expected: an action such as"
                    + " session.open, grant.create, device.disable, or every action of a kind such as session.*)");
        }
        String outcome = q.text("outcome");
        if (outcome != null && !OUTCOME.matcher(outcome).matches()) {
            throw ApiException.badRequest("outcome: '" + Redaction.redact(outcome) + "' (expected: ok, refused,"
                    + " failed or error)");
        }
        return new AuditQuery(since, until, actor, action, null, deviceId, user, outcome, cursor(q.text("before")),
                limit);
    }

    /** The names of the devices that still exist among {@code ids}, for pages that show names. */
    Map<String, String> deviceNames(Collection<String> ids) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String id : new HashSet<>(ids)) {
            String name = id == null ? null : lookups.deviceName(id);
            if (name != null) {
                names.put(id, name);
            }
        }
        return names;
    }

    /** The {@code before} value of the page after {@code last}: {@code <time>,<seq>}. */
    static String cursorOf(AuditEvent last) {
        return last.at() + "," + last.seq();
    }

    private static AuditQuery.Cursor cursor(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = CURSOR.matcher(text);
        if (m.matches()) {
            try {
                return new AuditQuery.Cursor(Instant.parse(m.group(1)), Long.parseLong(m.group(2)));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                // reported below
            }
        }
        throw ApiException.badRequest("before: '" + Redaction.redact(text) + "' (expected: <time>,<seq> of the"
                + " last event of the previous page, such as 2026-11-23T08:00:00.123456Z,4711)");
    }

    private static String name(QueryParams q, String param) {
        String value = q.text(param);
        if (value != null && value.length() > 128) {
            throw ApiException.badRequest(param + ": (expected: a user name, 1..128 characters)");
        }
        return value;
    }

    static Set<String> with(Set<String> names, String... more) {
        Set<String> all = new HashSet<>(names);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
