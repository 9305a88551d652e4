package dev.warren.api.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.api.auth.Principal;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Endpoint;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An admin's actions on a device from its page: disconnect, disable, enable, edit labels, disable or enable one
 * service, delete (after a confirmation page). Each is a POST checked by {@link DashboardRequests#adminAction} (same
 * origin, CSRF token, admin role) and then runs the REST endpoint's own code, with its checks, refusals and audit
 * event ({@code device.disconnect}, {@code device.disable}, {@code device.label}, {@code device.delete}, ...).
 */
final class DashboardDeviceActions {
    private static final int MAX_LABEL_LINES = DeviceEndpoints.MAX_LABELS;

    private final DashboardRequests requests;
    private final DeviceEndpoints devices;

    DashboardDeviceActions(DashboardRequests requests, DeviceEndpoints devices) {
        this.requests = requests;
        this.devices = devices;
    }

    /** {@code POST /ui/devices/{name}/disconnect} (form: reason): {@code POST /api/v1/devices/{d}/disconnect}. */
    Reply disconnect(Call call) {
        return withReason(call, "disconnect a device", devices::disconnect);
    }

    /** {@code POST /ui/devices/{name}/disable} (form: reason): {@code POST /api/v1/devices/{d}/disable}. */
    Reply disable(Call call) {
        return withReason(call, "disable a device", devices::disable);
    }

    /** {@code POST /ui/devices/{name}/enable} (form: reason): {@code POST /api/v1/devices/{d}/enable}. */
    Reply enable(Call call) {
        return withReason(call, "enable a device", devices::enable);
    }

    /** {@code POST /ui/devices/{name}/services/{service}/disable}: the REST endpoint of the same path. */
    Reply disableService(Call call) {
        return withReason(call, "disable a service", devices::disableService);
    }

    /** {@code POST /ui/devices/{name}/services/{service}/enable}: the REST endpoint of the same path. */
    Reply enableService(Call call) {
        return withReason(call, "enable a service", devices::enableService);
    }

    /**
     * {@code POST /ui/devices/{name}/labels} (form: labels, one {@code key=value} per line): the device's labels become
     * exactly these, through {@code PATCH /api/v1/devices/{d}} (new and changed keys set, missing keys removed).
     */
    Reply labels(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "change a device's labels", who -> {
            Map<String, String> wanted = parseLabels(form.getOrDefault("labels", ""));
            Views.DeviceView device = devices.visible(DashboardRequests.as(call, who.principal()), call.param("name"));
            ObjectNode patch = Json.MAPPER.createObjectNode();
            ObjectNode labels = patch.putObject("labels");
            device.labels().forEach((k, v) -> {
                if (!wanted.containsKey(k)) {
                    labels.putNull(k);
                }
            });
            wanted.forEach((k, v) -> {
                if (!v.equals(device.labels().get(k))) {
                    labels.put(k, v);
                }
            });
            if (!labels.isEmpty()) {
                devices.patch(apiCall(call, patch, who.principal()));
            }
            return null;
        }, back(call));
    }

    /** {@code GET /ui/devices/{name}/delete}: what deleting means, and a form that asks for the name (admins). */
    Reply confirmDelete(Call call) {
        return requests.signedInPage(call, who -> {
            Principal p = who.principal();
            if (!p.isAdmin()) {
                return DashboardRequests.refused(call.request(), p, HttpResponseStatus.FORBIDDEN, "role " + p.role()
                        + " may not delete a device (needs ADMIN)");
            }
            Views.DeviceView device = devices.visible(DashboardRequests.as(call, p), call.param("name"));
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardDeviceHtml.confirmDelete(p, who.session(),
                    device), null);
        });
    }

    /**
     * {@code POST /ui/devices/{name}/delete} (form: confirm, the device's name typed again): exactly
     * {@code DELETE /api/v1/devices/{d}} (its certificate revoked, its connection closed); then to the device list.
     */
    Reply delete(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "delete a device", who -> {
            Views.DeviceView device = devices.visible(DashboardRequests.as(call, who.principal()), call.param("name"));
            if (!device.name().equals(form.getOrDefault("confirm", "").strip())) {
                throw ApiException.badRequest("confirm: the name typed does not match (expected: " + device.name()
                        + ", typed again to delete the device)");
            }
            devices.delete(apiCall(call, null, who.principal()));
            return null;
        }, "/ui/devices");
    }

    private Reply withReason(Call call, String what, Endpoint endpoint) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, what, who -> {
            String reason = form.get("reason");
            ObjectNode body = null;
            if (reason != null && !reason.isBlank()) {
                body = Json.MAPPER.createObjectNode().put("reason", reason.strip());
            }
            endpoint.handle(apiCall(call, body, who.principal()));
            return null;
        }, back(call));
    }

    /** The REST endpoint's call: its path parameters ({@code idOrName}, {@code service}) and a JSON body. */
    private static Call apiCall(Call call, ObjectNode body, Principal admin) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("idOrName", call.param("name"));
        if (call.param("service") != null) {
            params.put("service", call.param("service"));
        }
        return DashboardRequests.asApi(call, body, params, admin);
    }

    private static String back(Call call) {
        return DashboardDeviceHtml.path(call.param("name"));
    }

    /** {@code key=value} lines (blank lines skipped); the values are checked by the REST endpoint. */
    static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new TreeMap<>();
        String[] lines = text.split("\r?\n|\r", -1);
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw ApiException.badRequest("labels: line " + n + " is not key=value (expected: one label per line,"
                        + " such as site=plant-b)");
            }
            labels.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            if (labels.size() > MAX_LABEL_LINES) {
                throw ApiException.badRequest("labels: more than " + MAX_LABEL_LINES + " (expected: at most "
                        + MAX_LABEL_LINES + ")");
            }
        }
        return labels;
    }
}
