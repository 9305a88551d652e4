package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.AuditQuery;
import dev.warren.store.Device;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /audit?since=&device=&user=&action=&limit=}: the append-only audit trail, newest first, for admins and
 * auditors. There is no route that changes or removes an event.
 */
final class AuditEndpoints {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    private static final Set<String> PARAMS = Set.of("since", "device", "user", "action", "limit");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9.-]{0,63}");

    private final ApiContext context;
    private final Lookups lookups;

    AuditEndpoints(ApiContext context, Lookups lookups) {
        this.context = context;
        this.lookups = lookups;
    }

    Reply query(Call call) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        Instant since = q.since("since", context.clock());
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
        String user = q.text("user");
        if (user != null && user.length() > 128) {
            throw ApiException.badRequest("user: (expected: a user name, 1..128 characters)");
        }
        String action = q.text("action");
        if (action != null && !ACTION.matcher(action).matches()) {
            throw ApiException.badRequest("action: '" + Redaction.redact(action) + "' (expected: an action such as"
                    + " session.open, grant.create, device.disable)");
        }
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        return Reply.ok(context.store().audit().query(new AuditQuery(since, null, action, null, deviceId, user, limit))
                .stream().map(Views.AuditView::of).toList());
    }
}
