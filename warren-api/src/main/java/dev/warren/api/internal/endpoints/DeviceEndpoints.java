package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.RelayControl;
import dev.warren.api.auth.Principal;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code /devices}: the registry with this node's live view, and what an admin does to a device: labels, disable and
 * enable, disconnect now, delete (which revokes its certificate), and per-service disable and enable on the relay side.
 * Operators see only the devices their live grants cover.
 */
final class DeviceEndpoints {
    static final int MAX_LABELS = 64;
    static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Set<String> PATCH_FIELDS = Set.of("labels");
    private static final Set<String> ACTION_FIELDS = Set.of("reason");

    private final ApiContext context;
    private final Lookups lookups;
    private final AuditTrail audit;

    DeviceEndpoints(ApiContext context, Lookups lookups, AuditTrail audit) {
        this.context = context;
        this.lookups = lookups;
        this.audit = audit;
    }

    Reply list(Call call) {
        return Reply.ok(visibleTo(call.principal()));
    }

    /** The devices {@code p} may see (an operator: those their live grants cover), as the REST API shows them. */
    List<Views.DeviceView> visibleTo(Principal p) {
        List<Grant> grants = lookups.liveGrants(p);
        return context.store().devices().list().stream()
                .filter(d -> Lookups.visible(p, d, grants)).map(this::view).toList();
    }

    /** The device {@code idOrName} as the REST API shows it to the caller of {@code call} (404 if they may not see it). */
    Views.DeviceView visible(Call call, String idOrName) {
        return view(lookups.device(call, idOrName));
    }

    Reply get(Call call) {
        return Reply.ok(visible(call, call.param("idOrName")));
    }

    /** {@code PATCH /devices/{d}}: {@code {"labels": {"site": "plant-b", "old": null}}} merges (null removes). */
    Reply patch(Call call) {
        Device device = lookups.device(call, call.param("idOrName"));
        Body body = Body.of(call.request().body(), false, PATCH_FIELDS);
        if (!body.has("labels")) {
            throw ApiException.badRequest("labels: missing (expected: an object of label values, null to remove one)");
        }
        Map<String, String> patch = body.stringPatch("labels", MAX_LABELS);
        Map<String, String> labels = new TreeMap<>(device.labels());
        patch.forEach((k, v) -> {
            if (v == null) {
                labels.remove(k);
            } else {
                labels.put(k, v);
            }
        });
        Map<String, String> checked = EnrollEndpoint.labels(labels);
        context.store().devices().setLabels(device.id(), checked);
        audit.record(audit.by(call, "device.label").target(device.id()).device(device.id())
                .detail("name", device.name()).detail("labels", Grant.selectorText(checked)));
        return Reply.ok(view(reload(device)));
    }

    Reply disable(Call call) {
        return setDisabled(call, true);
    }

    Reply enable(Call call) {
        return setDisabled(call, false);
    }

    private Reply setDisabled(Call call, boolean disabled) {
        Device device = lookups.device(call, call.param("idOrName"));
        String reason = reason(call);
        context.store().devices().setDisabled(device.id(), disabled);
        int cut = disabled ? context.control().cutDevice(device.id(), RelayControl.DeviceCut.DISABLE,
                "device '" + device.name() + "' disabled by " + call.principal().name() + why(reason)) : 0;
        audit.record(audit.by(call, disabled ? "device.disable" : "device.enable").target(device.id())
                .device(device.id()).detail("name", device.name()).detail("reason", reason)
                .detail("connectionsClosed", disabled ? cut : null));
        return Reply.ok(view(reload(device)));
    }

    /** {@code POST /devices/{d}/disconnect}: a kick; the agent may come back (disable it to keep it out). */
    Reply disconnect(Call call) {
        Device device = lookups.device(call, call.param("idOrName"));
        String reason = reason(call);
        int cut = context.control().cutDevice(device.id(), RelayControl.DeviceCut.DISCONNECT,
                "disconnected by " + call.principal().name() + why(reason));
        audit.record(audit.by(call, "device.disconnect").target(device.id()).device(device.id())
                .detail("name", device.name()).detail("reason", reason).detail("connectionsClosed", cut));
        return Reply.ok(new Views.DeviceCut(device.name(), device.id(), cut));
    }

    /** {@code DELETE /devices/{d}}: gone from the registry, its certificate revoked, its connection closed. */
    Reply delete(Call call) {
        Device device = lookups.device(call, call.param("idOrName"));
        String reason = "deleted by " + call.principal().name();
        boolean deleted = context.store().devices().delete(device.id(), reason);
        if (!deleted) {
            throw Lookups.noDevice(call.param("idOrName"));
        }
        int cut = context.control().cutDevice(device.id(), RelayControl.DeviceCut.DELETE,
                "device '" + device.name() + "' " + reason + "; its certificate is revoked");
        audit.record(audit.by(call, "device.delete").target(device.id()).device(device.id())
                .detail("name", device.name()).detail("revokedFingerprint", device.certFingerprint())
                .detail("connectionsClosed", cut));
        return Reply.noContent();
    }

    Reply disableService(Call call) {
        return setServiceDisabled(call, true);
    }

    Reply enableService(Call call) {
        return setServiceDisabled(call, false);
    }

    private Reply setServiceDisabled(Call call, boolean disabled) {
        Device device = lookups.device(call, call.param("idOrName"));
        String service = call.param("service");
        if (!SERVICE.matcher(service).matches()) {
            throw ApiException.badRequest("service: '" + Redaction.redact(service)
                    + "' (expected: lowercase letters, digits, '.', '_' or '-', 1..63)");
        }
        String reason = reason(call);
        boolean changed = context.store().devices().setServiceDisabled(device.id(), service, disabled);
        int cut = context.control().serviceDisabled(device.id(), service, disabled,
                "service '" + service + "' of device '" + device.name() + "' disabled by an admin ("
                        + call.principal().name() + ")" + why(reason));
        audit.record(audit.by(call, disabled ? "device.service-disable" : "device.service-enable")
                .target(device.id() + "/" + service).device(device.id()).detail("name", device.name())
                .detail("service", service).detail("changed", changed).detail("reason", reason)
                .detail("streamsCut", disabled ? cut : null));
        return Reply.ok(view(reload(device)));
    }

    private Device reload(Device device) {
        return context.store().devices().byId(device.id()).orElseThrow(() -> Lookups.noDevice(device.name()));
    }

    /** The optional {@code {"reason": "..."}} body of an action. */
    private static String reason(Call call) {
        String reason = Body.of(call.request().body(), true, ACTION_FIELDS).text("reason", false);
        if (reason != null && (reason.isBlank() || reason.length() > 512
                || reason.chars().anyMatch(Character::isISOControl))) {
            throw ApiException.badRequest("reason: (expected: 1..512 characters of one line)");
        }
        return reason;
    }

    private static String why(String reason) {
        return reason == null ? "" : ": " + reason;
    }

    private Views.DeviceView view(Device d) {
        boolean live = context.relay().isOnline(d.id());
        return Views.DeviceView.of(d, live, live ? context.relay().services(d.id()) : Set.of(),
                context.relay().nodeId());
    }
}
