package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.AccessRequest;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /access-requests}: an operator asks for a grant ({@code warren access request}); an admin approves it, which
 * creates the grant, or denies it. A request is accepted for any well-formed device name, whether or not it exists:
 * asking must not tell an operator what is there. The admin who decides sees the truth.
 */
final class AccessRequestEndpoints {
    private static final Pattern REQUEST_ID = Pattern.compile("r_[a-z2-7]{16}");
    private static final Pattern DEVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> CREATE_FIELDS = Set.of("device", "service", "ttlSeconds", "reason");
    private static final Set<String> APPROVE_FIELDS = Set.of("ttlSeconds", "note");
    private static final Set<String> DENY_FIELDS = Set.of("note");
    private static final Set<String> PARAMS = Set.of("status", "user", "limit");

    private final ApiContext context;
    private final Lookups lookups;
    private final AuditTrail audit;

    AccessRequestEndpoints(ApiContext context, Lookups lookups, AuditTrail audit) {
        this.context = context;
        this.lookups = lookups;
        this.audit = audit;
    }

    Reply create(Call call) {
        Body body = Body.of(call.request().body(), false, CREATE_FIELDS);
        String device = device(body.text("device", true));
        String service = GrantEndpoints.service(body.text("service", true));
        long ttl = body.requiredLong("ttlSeconds", 1, GrantEndpoints.MAX_TTL);
        String reason = GrantEndpoints.reason(body.text("reason", true));
        AccessRequest r = context.store().accessRequests().create(call.principal().userId(), device, service, ttl,
                reason);
        audit.record(audit.by(call, "access.request").target(r.id()).subject(call.principal().name())
                .detail("device", device).detail("service", service).detail("ttlSeconds", ttl)
                .detail("reason", reason));
        return Reply.created(Views.AccessRequestView.of(r));
    }

    Reply list(Call call) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        String userId = null;
        String user = q.text("user");
        if (!Lookups.seesEverything(call.principal())) {
            if (user != null && !user.equals(call.principal().name()) && !user.equals(Lookups.ME)) {
                throw ApiException.forbidden("operators see only their own requests (expected: no user filter, or"
                        + " user=" + call.principal().name() + ")");
            }
            userId = call.principal().userId();
        } else if (user != null) {
            userId = lookups.user(call, user).id();
        }
        AccessRequest.Status status = status(q.text("status"));
        int limit = q.limit(100, 1000);
        return Reply.ok(context.store().accessRequests().query(userId, status, limit).stream()
                .map(Views.AccessRequestView::of).toList());
    }

    Reply get(Call call) {
        return Reply.ok(Views.AccessRequestView.of(find(call)));
    }

    /** {@code POST /access-requests/{id}/approve}: creates the grant (for {@code ttlSeconds} if given). */
    Reply approve(Call call) {
        AccessRequest r = pending(find(call));
        Body body = Body.of(call.request().body(), true, APPROVE_FIELDS);
        long ttl = body.longInteger("ttlSeconds", 1, GrantEndpoints.MAX_TTL, r.durationSeconds());
        String note = note(body.text("note", false));
        User user = context.store().users().byId(r.userId()).orElseThrow(() -> Lookups.noUser(r.userId()));
        if (user.disabled() || user.role() != Role.OPERATOR) {
            throw ApiException.conflict("user '" + user.name() + "' is " + (user.disabled() ? "disabled"
                    : "no longer an OPERATOR (role " + user.role() + ")") + "; deny the request instead");
        }
        GrantEndpoints.Target target = target(r.device());
        Instant now = context.clock().instant();
        if (!context.store().accessRequests().decide(r.id(), AccessRequest.Status.APPROVED, call.principal().name(),
                now, note)) {
            throw ApiException.conflict("access request " + r.id() + " was decided meanwhile");
        }
        Grant grant = context.store().grants().create(user.id(), target.deviceId(), target.selector(), r.service(),
                r.reason() + " (request " + r.id() + ")", call.principal().name(), now.plusSeconds(ttl), r.id());
        context.store().accessRequests().attachGrant(r.id(), grant.id());
        audit.record(audit.by(call, "access.approve").target(r.id()).device(grant.deviceId()).subject(user.name())
                .detail("grantId", grant.id()).detail("note", note));
        audit.record(audit.by(call, "grant.create").target(grant.id()).device(grant.deviceId()).subject(user.name())
                .detail("device", target.deviceName()).detail("service", grant.service())
                .detail("expiresAt", grant.expiresAt()).detail("reason", grant.reason()).detail("requestId", r.id()));
        AccessRequest decided = context.store().accessRequests().byId(r.id()).orElseThrow();
        return Reply.ok(new Views.Approved(Views.AccessRequestView.of(decided),
                Views.GrantView.of(grant, target.deviceName(), now)));
    }

    Reply deny(Call call) {
        AccessRequest r = pending(find(call));
        String note = note(Body.of(call.request().body(), true, DENY_FIELDS).text("note", false));
        if (!context.store().accessRequests().decide(r.id(), AccessRequest.Status.DENIED, call.principal().name(),
                context.clock().instant(), note)) {
            throw ApiException.conflict("access request " + r.id() + " was decided meanwhile");
        }
        audit.record(audit.by(call, "access.deny").target(r.id()).subject(r.userName()).detail("note", note));
        return Reply.ok(Views.AccessRequestView.of(context.store().accessRequests().byId(r.id()).orElseThrow()));
    }

    private GrantEndpoints.Target target(String device) {
        if (device.contains("=")) {
            return new GrantEndpoints.Target(null, null, selector(device));
        }
        Device d = lookups.anyDevice(device).orElseThrow(() -> ApiException.notFound("no device '" + device
                + "' (the request names a device that does not exist; deny it)"));
        return new GrantEndpoints.Target(d.id(), d.name(), Map.of());
    }

    private AccessRequest find(Call call) {
        String id = call.param("id");
        Optional<AccessRequest> r = REQUEST_ID.matcher(id).matches() ? context.store().accessRequests().byId(id)
                : Optional.empty();
        if (r.isEmpty() || (!Lookups.seesEverything(call.principal())
                && !r.get().userId().equals(call.principal().userId()))) {
            throw ApiException.notFound("no access request '" + Redaction.redact(id) + "' (expected: an id r_…, as"
                    + " GET /api/v1/access-requests lists them)");
        }
        return r.get();
    }

    private static AccessRequest pending(AccessRequest r) {
        if (r.status() != AccessRequest.Status.PENDING) {
            throw ApiException.conflict("access request " + r.id() + " was already " + r.status().name()
                    .toLowerCase(Locale.ROOT) + " by " + r.decidedBy());
        }
        return r;
    }

    /** A device name or id, or a selector {@code k=v[,k=v...]}. */
    static String device(String device) {
        if (device.contains("=")) {
            selector(device);
            return device;
        }
        if (!DEVICE.matcher(device).matches()) {
            throw ApiException.badRequest("device: '" + Redaction.redact(device) + "' (expected: a device name or id,"
                    + " or a label selector such as site=plant-b)");
        }
        return device;
    }

    static Map<String, String> selector(String text) {
        Map<String, String> selector;
        try {
            selector = Grant.selectorOf(text);
        } catch (Grant.SelectorSyntaxException e) {
            throw ApiException.badRequest("device: '" + Redaction.redact(text) + "' (expected: a label selector"
                    + " key=value[,key=value...], e.g. site=plant-b)");
        }
        if (selector.size() > Grant.MAX_SELECTOR) {
            throw ApiException.badRequest("device: " + selector.size() + " labels (expected: at most "
                    + Grant.MAX_SELECTOR + ")");
        }
        return EnrollEndpoint.labels(selector);
    }

    private static AccessRequest.Status status(String status) {
        if (status == null) {
            return null;
        }
        for (AccessRequest.Status s : AccessRequest.Status.values()) {
            if (s.name().equalsIgnoreCase(status)) {
                return s;
            }
        }
        throw ApiException.badRequest("status: '" + Redaction.redact(status) + "' (expected: pending, approved or"
                + " denied)");
    }

    private static String note(String note) {
        if (note != null && (note.isBlank() || note.length() > 512 || note.chars().anyMatch(Character::isISOControl))) {
            throw ApiException.badRequest("note: (expected: 1..512 characters of one line)");
        }
        return note;
    }
}
