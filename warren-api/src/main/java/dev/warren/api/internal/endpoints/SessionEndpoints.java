package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.Principal;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import dev.warren.store.SessionQuery;
import dev.warren.store.SessionRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /sessions?device=&user=&open=&since=&limit=}: session history, newest first (an operator sees their own);
 * {@code DELETE /sessions/{id}}: an admin cuts a live session.
 */
final class SessionEndpoints {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMS = Set.of("device", "user", "open", "since", "limit");

    private final ApiContext context;
    private final Lookups lookups;
    private final AuditTrail audit;

    SessionEndpoints(ApiContext context, Lookups lookups, AuditTrail audit) {
        this.context = context;
        this.lookups = lookups;
        this.audit = audit;
    }

    Reply query(Call call) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        String device = q.text("device");
        String deviceId = device == null ? null : deviceId(call, device);
        String operator = operator(call, q.text("user"));
        boolean openOnly = q.bool("open", false);
        Instant since = q.since("since", context.clock());
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        return Reply.ok(context.store().sessions().query(new SessionQuery(deviceId, operator, since, openOnly, limit))
                .stream().map(this::view).toList());
    }

    /** The live sessions {@code p} may see: all for admins and auditors, their own for an operator. */
    List<Views.SessionView> open(Principal p, int limit) {
        String operator = Lookups.seesEverything(p) ? null : p.name();
        return context.store().sessions().query(new SessionQuery(null, operator, null, true, limit)).stream()
                .map(this::view).toList();
    }

    /** The newest sessions of one device, open or ended, that {@code p} may see (an operator: their own). */
    List<Views.SessionView> ofDevice(Principal p, String deviceId, int limit) {
        String operator = Lookups.seesEverything(p) ? null : p.name();
        return context.store().sessions().query(new SessionQuery(deviceId, operator, null, false, limit)).stream()
                .map(this::view).toList();
    }

    /**
     * A session as the API shows it; one still open on this node shows the bytes relayed so far (the store learns
     * them when it ends).
     */
    private Views.SessionView view(SessionRecord s) {
        Views.SessionView v = Views.SessionView.of(s);
        if (s.isOpen()) {
            return context.relay().liveBytes(s.id()).map(b -> v.withBytes(b.toDevice(), b.fromDevice())).orElse(v);
        }
        return v;
    }

    /** Admins and auditors filter by any user (or none); an operator's filter is always themselves. */
    private String operator(Call call, String user) {
        if (Lookups.seesEverything(call.principal())) {
            return user == null ? null : user;
        }
        if (user != null && !user.equals(call.principal().name()) && !user.equals(Lookups.ME)) {
            throw ApiException.forbidden("operators see only their own sessions (expected: no user filter, or user="
                    + call.principal().name() + ")");
        }
        return call.principal().name();
    }

    private String deviceId(Call call, String device) {
        if (Lookups.seesEverything(call.principal())) {
            Optional<Device> found = lookups.anyDevice(device);
            if (found.isPresent()) {
                return found.get().id();
            }
            if (Lookups.DEVICE_ID.matcher(device).matches()) {
                return device;
            }
            throw Lookups.noDevice(device);
        }
        return lookups.device(call, device).id();
    }

    /** {@code DELETE /sessions/{id}}: the streams end at once with ADMIN_ACTION and this admin's name. */
    Reply cut(Call call) {
        String id = call.param("id");
        Optional<SessionRecord> session = id.length() <= 64 ? context.store().sessions().byId(id) : Optional.empty();
        if (session.isEmpty()) {
            throw ApiException.notFound("no session '" + Redaction.redact(id) + "' (expected: a session id s_…, as"
                    + " GET /api/v1/sessions lists them)");
        }
        SessionRecord s = session.get();
        if (!s.isOpen()) {
            throw ApiException.conflict("session " + id + " already ended at " + s.endedAt().truncatedTo(ChronoUnit.SECONDS)
                    + " (" + s.closeReason() + ")");
        }
        Optional<String> cut = context.control().cutSession(id, "session cut by an admin (" + call.principal().name()
                + ")");
        if (cut.isEmpty()) {
            throw ApiException.conflict("session " + id + " is not carried by this relay node (it runs on "
                    + s.relayNode() + "; ask that node)");
        }
        audit.record(audit.by(call, "session.cut").target(id).device(s.deviceId()).subject(s.operator())
                .detail("device", s.deviceName()).detail("service", s.service()));
        return Reply.noContent();
    }
}
