package dev.warren.api.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.api.ApiContext;
import dev.warren.api.auth.Principal;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import dev.warren.store.GrantQuery;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /grants}: just-in-time access. An admin grants a user (or, device to device, a device's forwarders) one service (or {@code *}) of a device or of every device
 * a label selector matches, for a while and with a reason; revoking a grant ends the streams that run under it at
 * once. Operators read their own grants only.
 */
final class GrantEndpoints {
    static final long MAX_TTL = Grant.MAX_DURATION.toSeconds();
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Pattern GRANT_ID = Pattern.compile("g_[a-z2-7]{16}");
    private static final Set<String> FIELDS = Set.of("user", "fromDevice", "device", "selector", "service",
            "ttlSeconds", "reason");
    private static final Set<String> PARAMS = Set.of("user", "fromDevice", "device", "active", "limit");

    private final ApiContext context;
    private final Lookups lookups;
    private final AuditTrail audit;

    GrantEndpoints(ApiContext context, Lookups lookups, AuditTrail audit) {
        this.context = context;
        this.lookups = lookups;
        this.audit = audit;
    }

    /** What a new grant names, checked. */
    record Target(String deviceId, String deviceName, Map<String, String> selector) {}

    /**
     * {@code POST /grants}: to an operator ({@code user}) or, device to device, to the device whose agent forwards
     * local connections ({@code fromDevice}); exactly one.
     */
    Reply create(Call call) {
        Body body = Body.of(call.request().body(), false, FIELDS);
        boolean toUser = body.has("user");
        if (toUser == body.has("fromDevice")) {
            throw ApiException.badRequest("user, fromDevice: " + (toUser ? "both given" : "neither given")
                    + " (expected: exactly one: the operator, or for a device-to-device grant the device whose agent"
                    + " forwards connections)");
        }
        User user = toUser ? operator(body.text("user", true)) : null;
        Device from = toUser ? null : holderDevice(body.text("fromDevice", true));
        Target target = target(body, lookups);
        String service = service(body.text("service", true));
        long ttl = body.requiredLong("ttlSeconds", 1, MAX_TTL);
        String reason = reason(body.text("reason", true));
        Instant expiresAt = context.clock().instant().plusSeconds(ttl);
        Grant grant = toUser
                ? context.store().grants().create(user.id(), target.deviceId(), target.selector(), service, reason,
                        call.principal().name(), expiresAt, null)
                : context.store().grants().createForDevice(from.id(), target.deviceId(), target.selector(), service,
                        reason, call.principal().name(), expiresAt);
        audit.record(audit.by(call, "grant.create").target(grant.id()).device(grant.deviceId())
                .subject(toUser ? user.name() : DEVICE_SUBJECT + from.name())
                .detail("fromDevice", from == null ? null : from.name()).detail("device", target.deviceName())
                .detail("selector", selectorOrNull(grant)).detail("service", service)
                .detail("expiresAt", grant.expiresAt()).detail("reason", reason));
        return Reply.created(view(grant));
    }

    /**
     * Every problem {@link #create} would refuse {@code json} for, by the field it is about ({@code user},
     * {@code fromDevice}, {@code device}, {@code selector}, {@code service}, {@code ttlSeconds}, {@code reason}), each
     * found by the same checks; empty when it would be accepted as things stand. The dashboard's form shows each next
     * to its field instead of only the first.
     */
    Map<String, ApiException> problems(ObjectNode json) {
        Map<String, ApiException> problems = new LinkedHashMap<>();
        Body body = Body.of(Json.write(json), false, FIELDS);
        boolean toUser = body.has("user");
        if (toUser == body.has("fromDevice")) {
            problems.put("user", ApiException.badRequest("user, fromDevice: " + (toUser ? "both given" : "neither given")
                    + " (expected: exactly one: the operator, or for a device-to-device grant the device whose agent"
                    + " forwards connections)"));
        } else if (toUser) {
            check(problems, "user", () -> operator(body.text("user", true)));
        } else {
            check(problems, "fromDevice", () -> holderDevice(body.text("fromDevice", true)));
        }
        check(problems, body.has("selector") && !body.has("device") ? "selector" : "device",
                () -> target(body, lookups));
        check(problems, "service", () -> service(body.text("service", true)));
        check(problems, "ttlSeconds", () -> body.requiredLong("ttlSeconds", 1, MAX_TTL));
        check(problems, "reason", () -> reason(body.text("reason", true)));
        return problems;
    }

    private static void check(Map<String, ApiException> problems, String field, Runnable check) {
        try {
            check.run();
        } catch (ApiException e) {
            problems.put(field, e);
        }
    }

    /** How audit events name a device that holds a grant (as the relay names it in sessions). */
    static final String DEVICE_SUBJECT = "device:";

    private User operator(String userName) {
        User user = lookups.anyUser(userName).orElseThrow(() -> Lookups.noUser(userName));
        if (user.role() != Role.OPERATOR) {
            throw ApiException.conflict("user '" + user.name() + "' has role " + user.role() + " (expected: an"
                    + " OPERATOR; admins need no grant, auditors open no streams)");
        }
        if (user.disabled()) {
            throw ApiException.conflict("user '" + user.name() + "' is disabled (expected: enable the user first)");
        }
        return user;
    }

    private Device holderDevice(String name) {
        Device device = lookups.anyDevice(name).orElseThrow(() -> Lookups.noDevice(name));
        if (device.disabled()) {
            throw ApiException.conflict("device '" + device.name() + "' is disabled (expected: enable the device"
                    + " first)");
        }
        return device;
    }

    /** The device ({@code device}: name or id) or the label selector ({@code selector}: object), exactly one. */
    static Target target(Body body, Lookups lookups) {
        boolean hasDevice = body.has("device");
        boolean hasSelector = body.has("selector");
        if (hasDevice == hasSelector) {
            throw ApiException.badRequest("device, selector: " + (hasDevice ? "both given" : "neither given")
                    + " (expected: exactly one: a device name or id, or a label selector such as {\"site\":\"plant-b\"})");
        }
        if (hasDevice) {
            String name = body.text("device", true);
            Device device = lookups.anyDevice(name).orElseThrow(() -> Lookups.noDevice(name));
            return new Target(device.id(), device.name(), Map.of());
        }
        Map<String, String> selector = body.stringMap("selector", Grant.MAX_SELECTOR);
        if (selector.isEmpty()) {
            throw ApiException.badRequest("selector: empty (expected: at least one label, e.g. {\"site\":\"plant-b\"})");
        }
        return new Target(null, null, EnrollEndpoint.labels(selector));
    }

    static String service(String service) {
        if (!Grant.ANY_SERVICE.equals(service) && !DeviceEndpoints.SERVICE.matcher(service).matches()) {
            throw ApiException.badRequest("service: '" + Redaction.redact(service) + "' (expected: a service name"
                    + " such as ssh, or * for every service)");
        }
        return service;
    }

    static String reason(String reason) {
        if (reason.isBlank() || reason.length() > Grant.MAX_REASON || reason.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("reason: " + (reason.isBlank() ? "blank" : reason.length() + " characters")
                    + " (expected: why, e.g. a ticket: 1.." + Grant.MAX_REASON + " characters of one line)");
        }
        return reason;
    }

    /** {@code GET /grants?user=&fromDevice=&device=&active=&limit=}: newest first; an operator gets their own. */
    Reply list(Call call) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        String userId = null;
        String userParam = q.text("user");
        if (!Lookups.seesEverything(call.principal())) {
            if (userParam != null && !userParam.equals(call.principal().name()) && !userParam.equals(Lookups.ME)
                    && !userParam.equals(call.principal().userId())) {
                throw ApiException.forbidden("operators see only their own grants (expected: no user filter, or"
                        + " user=" + call.principal().name() + ")");
            }
            userId = call.principal().userId();
        } else if (userParam != null) {
            userId = lookups.user(call, userParam).id();
        }
        String fromParam = q.text("fromDevice");
        String fromDeviceId = null;
        if (fromParam != null) {
            if (!Lookups.seesEverything(call.principal())) {
                throw ApiException.forbidden("operators see only their own grants (expected: no fromDevice filter)");
            }
            fromDeviceId = lookups.device(call, fromParam).id();
        }
        String deviceParam = q.text("device");
        Device device = deviceParam == null ? null : lookups.device(call, deviceParam);
        Instant now = context.clock().instant();
        boolean active = q.bool("active", false);
        int limit = q.limit(DEFAULT_LIMIT, MAX_LIMIT);
        List<Grant> grants = context.store().grants().query(new GrantQuery(userId, fromDeviceId, null,
                active ? now : null,
                device == null ? limit : MAX_LIMIT));
        return Reply.ok(grants.stream().filter(g -> device == null || g.covers(device.id(), device.labels()))
                .limit(limit).map(this::view).toList());
    }

    /** The live grants {@code p} may see (an operator: their own), newest first: the dashboard's grants page. */
    List<Views.GrantView> live(Principal p, int limit) {
        String userId = Lookups.seesEverything(p) ? null : p.userId();
        return context.store().grants().query(new GrantQuery(userId, null, null, context.clock().instant(), limit))
                .stream().map(this::view).toList();
    }

    Reply get(Call call) {
        return Reply.ok(view(find(call)));
    }

    /** {@code DELETE /grants/{id}}: revoked now; its live streams end with GRANT_EXPIRED and this reason. */
    Reply revoke(Call call) {
        Grant grant = find(call);
        Instant now = context.clock().instant();
        if (grant.revokedAt() != null) {
            throw ApiException.conflict("grant " + grant.id() + " was already revoked at "
                    + grant.revokedAt().truncatedTo(ChronoUnit.SECONDS) + " by " + grant.revokedBy());
        }
        if (!now.isBefore(grant.expiresAt())) {
            throw ApiException.conflict("grant " + grant.id() + " already expired at "
                    + grant.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        }
        if (!context.store().grants().revoke(grant.id(), call.principal().name(), now)) {
            throw ApiException.conflict("grant " + grant.id() + " ended while being revoked");
        }
        String reason = "grant " + grant.id() + " revoked by " + call.principal().name() + " at "
                + now.truncatedTo(ChronoUnit.SECONDS);
        int cut = context.control().grantRevoked(grant.id(), reason);
        audit.record(audit.by(call, "grant.revoke").target(grant.id()).device(grant.deviceId())
                .subject(grant.heldByDevice() ? DEVICE_SUBJECT + grant.fromDeviceName() : grant.userName())
                .detail("streamsCut", cut));
        return Reply.noContent();
    }

    private Grant find(Call call) {
        String id = call.param("id");
        Optional<Grant> grant = GRANT_ID.matcher(id).matches() ? context.store().grants().byId(id) : Optional.empty();
        if (grant.isEmpty() || (!Lookups.seesEverything(call.principal())
                && !call.principal().userId().equals(grant.get().userId()))) {
            throw ApiException.notFound("no grant '" + Redaction.redact(id) + "' (expected: a grant id g_…, as"
                    + " GET /api/v1/grants lists them)");
        }
        return grant.get();
    }

    private Views.GrantView view(Grant g) {
        return Views.GrantView.of(g, lookups.deviceName(g.deviceId()), context.clock().instant());
    }

    private static String selectorOrNull(Grant g) {
        return g.deviceId() == null ? Grant.selectorText(g.selector()) : null;
    }
}
