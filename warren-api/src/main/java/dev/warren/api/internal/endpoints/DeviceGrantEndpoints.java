package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.QueryParams;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import dev.warren.store.DeviceGrant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /device-grants}: device-to-device access for service forwarders. An admin lets one device ({@code fromDevice},
 * whose agent runs a forwarder) reach one service (or {@code *}) of another device, for a while and with a reason;
 * revoking it ends the streams that run under it at once, and its expiry ends them by the relay's timer. Admins and
 * auditors read them; operators have nothing to do with them.
 */
final class DeviceGrantEndpoints {
    private static final Pattern GRANT_ID = Pattern.compile("dg_[a-z2-7]{16}");
    private static final Set<String> FIELDS = Set.of("fromDevice", "device", "service", "ttlSeconds", "reason");
    private static final Set<String> PARAMS = Set.of("fromDevice", "device", "active", "limit");

    private final ApiContext context;
    private final Lookups lookups;
    private final AuditTrail audit;

    DeviceGrantEndpoints(ApiContext context, Lookups lookups, AuditTrail audit) {
        this.context = context;
        this.lookups = lookups;
        this.audit = audit;
    }

    /** A grant as the API shows it, with both devices' names. */
    record DeviceGrantView(String id, String fromDeviceId, String fromDevice, String deviceId, String deviceName,
            String service, String reason, String createdBy, Instant createdAt, Instant expiresAt, Instant revokedAt,
            String revokedBy, boolean live) {}

    Reply create(Call call) {
        Body body = Body.of(call.request().body(), false, FIELDS);
        String fromName = body.text("fromDevice", true);
        Device from = lookups.anyDevice(fromName).orElseThrow(() -> Lookups.noDevice(fromName));
        if (from.disabled()) {
            throw ApiException.conflict("device '" + from.name() + "' is disabled (expected: enable the device first)");
        }
        String toName = body.text("device", true);
        Device to = lookups.anyDevice(toName).orElseThrow(() -> Lookups.noDevice(toName));
        if (from.id().equals(to.id())) {
            throw ApiException.badRequest("device: '" + to.name() + "' is also fromDevice (expected: another device;"
                    + " an agent reaches its own services directly)");
        }
        String service = GrantEndpoints.service(body.text("service", true));
        long ttl = body.requiredLong("ttlSeconds", 1, GrantEndpoints.MAX_TTL);
        String reason = GrantEndpoints.reason(body.text("reason", true));
        Instant expiresAt = context.clock().instant().plusSeconds(ttl);
        DeviceGrant grant = context.store().deviceGrants().create(from.id(), to.id(), service, reason,
                call.principal().name(), expiresAt);
        audit.record(audit.by(call, "device-grant.create").target(grant.id()).device(to.id())
                .detail("fromDevice", from.name()).detail("fromDeviceId", from.id()).detail("device", to.name())
                .detail("service", service).detail("expiresAt", grant.expiresAt()).detail("reason", reason));
        return Reply.created(view(grant));
    }

    /** {@code GET /device-grants?fromDevice=&device=&active=&limit=}: newest first. */
    Reply list(Call call) {
        QueryParams q = QueryParams.of(call.request(), PARAMS);
        String fromParam = q.text("fromDevice");
        String deviceParam = q.text("device");
        String fromId = fromParam == null ? null : lookups.device(call, fromParam).id();
        String deviceId = deviceParam == null ? null : lookups.device(call, deviceParam).id();
        Instant now = context.clock().instant();
        int limit = q.limit(GrantEndpoints.DEFAULT_LIMIT, GrantEndpoints.MAX_LIMIT);
        List<DeviceGrant> grants = context.store().deviceGrants().query(fromId, deviceId,
                q.bool("active", false) ? now : null, limit);
        return Reply.ok(grants.stream().map(this::view).toList());
    }

    Reply get(Call call) {
        return Reply.ok(view(find(call)));
    }

    /** {@code DELETE /device-grants/{id}}: revoked now; its live streams end with GRANT_EXPIRED and this reason. */
    Reply revoke(Call call) {
        DeviceGrant grant = find(call);
        Instant now = context.clock().instant();
        if (grant.revokedAt() != null) {
            throw ApiException.conflict("device grant " + grant.id() + " was already revoked at "
                    + grant.revokedAt().truncatedTo(ChronoUnit.SECONDS) + " by " + grant.revokedBy());
        }
        if (!now.isBefore(grant.expiresAt())) {
            throw ApiException.conflict("device grant " + grant.id() + " already expired at "
                    + grant.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        }
        if (!context.store().deviceGrants().revoke(grant.id(), call.principal().name(), now)) {
            throw ApiException.conflict("device grant " + grant.id() + " ended while being revoked");
        }
        String reason = "device grant " + grant.id() + " revoked by " + call.principal().name() + " at "
                + now.truncatedTo(ChronoUnit.SECONDS);
        int cut = context.control().grantRevoked(grant.id(), reason);
        audit.record(audit.by(call, "device-grant.revoke").target(grant.id()).device(grant.deviceId())
                .detail("fromDeviceId", grant.fromDeviceId()).detail("streamsCut", cut));
        return Reply.noContent();
    }

    private DeviceGrant find(Call call) {
        String id = call.param("id");
        Optional<DeviceGrant> grant = GRANT_ID.matcher(id).matches() ? context.store().deviceGrants().byId(id)
                : Optional.empty();
        return grant.orElseThrow(() -> ApiException.notFound("no device grant '" + Redaction.redact(id)
                + "' (expected: a device grant id dg_…, as GET /api/v1/device-grants lists them)"));
    }

    private DeviceGrantView view(DeviceGrant g) {
        return new DeviceGrantView(g.id(), g.fromDeviceId(), lookups.deviceName(g.fromDeviceId()), g.deviceId(),
                lookups.deviceName(g.deviceId()), g.service(), g.reason(), g.createdBy(), g.createdAt(),
                g.expiresAt(), g.revokedAt(), g.revokedBy(), g.isLive(context.clock().instant()));
    }
}
