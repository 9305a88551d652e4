package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.bytes;
import static dev.warren.api.internal.endpoints.DashboardPages.csrf;
import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;
import static dev.warren.api.internal.endpoints.DashboardPages.urlSegment;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A device's page: identity, services, traffic over time (a Chart.js chart drawn by {@code warren.js}, and the same
 * numbers as a table for readers without scripts), recent sessions; an admin's actions (disconnect, disable or
 * enable, labels, per-service disable or enable, delete after a confirmation page).
 */
final class DashboardDeviceHtml {
    /** How often the page's script redraws the chart: the relay writes traffic every 15 s by default. */
    static final int CHART_EVERY_SECONDS = 15;

    private DashboardDeviceHtml() {}

    /** Where a device's page and its actions live. */
    static String path(String deviceName) {
        return "/ui/devices/" + urlSegment(deviceName);
    }

    static String page(Principal who, DashboardSessions.Session session, Views.DeviceView d,
            List<Views.SessionView> recent, TrafficRange range, Views.TrafficView traffic) {
        Html h = head("Device " + d.name());
        nav(h, who, session, "devices");
        h.open("main", "id", "device", "data-device", d.name(), "data-device-id", d.id(), "data-live",
                "/ui/live/devices/" + urlSegment(d.name()) + "?range=" + range.param);
        h.open("h1").text("Device " + d.name() + " ");
        badge(h, d);
        h.close("h1");
        h.open("section", "aria-labelledby", "identity-title");
        h.element("h2", "Identity", "id", "identity-title");
        facts(h, d);
        h.close("section");
        if (who.isAdmin()) {
            actions(h, session, d);
        }
        h.open("section", "aria-labelledby", "services-title");
        h.element("h2", "Services", "id", "services-title");
        services(h, who, session, d);
        h.close("section");
        traffic(h, d, range, traffic);
        h.open("section", "aria-labelledby", "sessions-title");
        h.element("h2", "Recent sessions", "id", "sessions-title");
        sessions(h, recent);
        h.close("section");
        h.close("main");
        DashboardPages.scripts(h, true);
        return tail(h);
    }

    /** The confirmation step of a delete: what it means, and a form that asks for the device's name again. */
    static String confirmDelete(Principal who, DashboardSessions.Session session, Views.DeviceView d) {
        Html h = head("Delete " + d.name());
        nav(h, who, session, "devices");
        h.open("main", "id", "confirm-delete", "data-device", d.name());
        h.element("h1", "Delete device " + d.name() + "?");
        h.element("p", "Deleting removes the device from the registry and revokes its certificate: its connection "
                + "closes now, and it can only come back by enrolling again with a new enrollment token. Its audit "
                + "trail and traffic history stay.");
        h.open("form", "method", "post", "action", path(d.name()) + "/delete", "class", "filter", "id",
                "delete-form");
        csrf(h, session);
        h.open("span", "class", "pair");
        h.element("label", "Type the device's name to confirm", "for", "confirm");
        h.empty("input", "type", "text", "id", "confirm", "name", "confirm", "required", "required", "autocomplete",
                "off", "spellcheck", "false");
        h.close("span");
        h.element("button", "Delete for good", "type", "submit", "class", "danger", "data-action", "confirm-delete");
        h.element("a", "Cancel", "href", path(d.name()));
        h.close("form");
        h.close("main");
        return tail(h);
    }

    static String state(Views.DeviceView d) {
        return d.disabled() ? "disabled" : d.online() ? "online" : "offline";
    }

    /**
     * What changes while the page is open, each part by its id (the page's script replaces each by its new copy):
     * the state badge, the facts, the services, the traffic totals, the recent sessions.
     */
    static void live(Html h, Principal who, DashboardSessions.Session session, Views.DeviceView d,
            List<Views.SessionView> recent, TrafficRange range, Views.TrafficView traffic) {
        badge(h, d);
        facts(h, d);
        services(h, who, session, d);
        totals(h, range, traffic);
        sessions(h, recent);
    }

    private static void badge(Html h, Views.DeviceView d) {
        h.element("span", state(d), "class", "badge " + state(d), "id", "device-state");
    }

    private static void facts(Html h, Views.DeviceView d) {
        h.open("dl", "class", "facts", "id", "device-facts");
        fact(h, "Id", d.id());
        fact(h, "State", state(d) + (d.online() && d.onlineNode() != null ? " (relay node " + d.onlineNode() + ")"
                : ""));
        fact(h, "Last seen", time(d.lastSeenAt()));
        fact(h, "Last address", d.lastAddress() == null ? "—" : d.lastAddress());
        fact(h, "Agent version", d.agentVersion() == null ? "—" : d.agentVersion());
        fact(h, "Certificate expires", time(d.certNotAfter()));
        fact(h, "Certificate SHA-256", d.certFingerprint() == null ? "—" : d.certFingerprint());
        fact(h, "Enrolled", time(d.createdAt()));
        fact(h, "Labels", d.labels().isEmpty() ? "—" : DashboardPages.labels(d.labels()));
        h.close("dl");
    }

    private static void fact(Html h, String name, String value) {
        h.element("dt", name);
        h.element("dd", value);
    }

    private static void actions(Html h, DashboardSessions.Session session, Views.DeviceView d) {
        String base = path(d.name());
        h.open("section", "aria-labelledby", "actions-title", "id", "device-actions");
        h.element("h2", "Actions", "id", "actions-title");
        h.open("form", "method", "post", "action", base + "/disconnect", "class", "filter", "id", "device-action-form");
        csrf(h, session);
        h.open("span", "class", "pair");
        h.element("label", "Reason (optional)", "for", "reason");
        h.empty("input", "type", "text", "id", "reason", "name", "reason", "maxlength", "512");
        h.close("span");
        h.element("button", "Disconnect now", "type", "submit", "data-action", "disconnect");
        if (d.disabled()) {
            h.element("button", "Enable", "type", "submit", "formaction", base + "/enable", "data-action", "enable");
        } else {
            h.element("button", "Disable", "type", "submit", "formaction", base + "/disable", "class", "danger",
                    "data-action", "disable");
        }
        h.close("form");
        h.open("form", "method", "post", "action", base + "/labels", "class", "labels-form", "id", "labels-form");
        csrf(h, session);
        h.element("label", "Labels (one key=value per line)", "for", "labels");
        h.element("textarea", labelLines(d.labels()), "id", "labels", "name", "labels", "rows", "4",
                "spellcheck", "false");
        h.element("button", "Save labels", "type", "submit", "data-action", "labels");
        h.close("form");
        h.open("p").element("a", "Delete this device…", "href", base + "/delete", "class", "button danger",
                "data-action", "delete").close("p");
        h.close("section");
    }

    private static String labelLines(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
        return b.toString();
    }

    /** The services the device offers now (on this node) and those an admin disabled. */
    private static void services(Html h, Principal who, DashboardSessions.Session session, Views.DeviceView d) {
        h.open("div", "id", "device-services-live");
        TreeSet<String> all = new TreeSet<>(d.services());
        all.addAll(d.disabledServices());
        if (all.isEmpty()) {
            h.element("p", d.online() ? "The agent offers no service."
                    : "No service known while the device is offline.",
                    "class", "empty");
        } else {
            List<String> columns = new ArrayList<>(List.of("Service", "State"));
            if (who.isAdmin()) {
                columns.add("");
            }
            DashboardTable t = DashboardTable.start(h, "services", "device-services", columns);
            for (String service : all) {
                boolean disabled = d.disabledServices().contains(service);
                t.row("data-service", service);
                t.cell(service, "class", "name");
                t.cell(disabled ? "disabled by an admin" : d.services().contains(service) ? "offered" : "—");
                if (who.isAdmin()) {
                    String verb = disabled ? "enable" : "disable";
                    DashboardPages.actionCell(t, session, path(d.name()) + "/services/" + urlSegment(service) + "/"
                            + verb, disabled ? "Enable" : "Disable", verb);
                }
                t.endRow();
            }
            t.end();
        }
        h.close("div");
    }

    private static void traffic(Html h, Views.DeviceView d, TrafficRange range, Views.TrafficView traffic) {
        h.open("section", "aria-labelledby", "traffic-title", "id", "traffic");
        h.element("h2", "Traffic", "id", "traffic-title");
        h.open("nav", "class", "ranges", "aria-label", "Time range");
        for (TrafficRange r : TrafficRange.values()) {
            String href = path(d.name()) + "?range=" + r.param;
            if (r == range) {
                h.element("a", r.param, "href", href, "aria-current", "page", "class", "current");
            } else {
                h.element("a", r.param, "href", href);
            }
        }
        h.close("nav");
        Views.TrafficSeries series = traffic.series().isEmpty() ? null : traffic.series().get(0);
        totals(h, range, traffic);
        h.open("div", "class", "chart");
        h.element("canvas", "Bytes each way and sessions opened per step over " + range.words + ".", "id",
                "traffic-chart", "role", "img", "aria-label", "Traffic of " + d.name() + " over " + range.words,
                "data-traffic", path(d.name()) + "/traffic.json?range=" + range.param, "data-live-every",
                Integer.toString(CHART_EVERY_SECONDS));
        h.close("div");
        h.open("details", "id", "traffic-details");
        h.element("summary", "The same as a table (steps with traffic)");
        List<Views.TrafficStep> busy = series == null ? List.of()
                : series.points().stream().filter(p -> p.bytesToDevice() + p.bytesFromDevice() + p.sessions() > 0)
                        .toList();
        if (busy.isEmpty()) {
            h.element("p", "No traffic in this range.", "class", "empty");
        } else {
            DashboardPages.tableStart(h, "traffic", "traffic-table", List.of("Step starting", "Bytes to device",
                    "Bytes from device", "Sessions"));
            for (Views.TrafficStep p : busy) {
                h.open("tr", "data-at", p.at().toString());
                h.element("td", time(p.at()));
                h.element("td", Long.toString(p.bytesToDevice()), "class", "number");
                h.element("td", Long.toString(p.bytesFromDevice()), "class", "number");
                h.element("td", Long.toString(p.sessions()), "class", "number");
                h.close("tr");
            }
            DashboardPages.tableEnd(h);
        }
        h.close("details");
        h.close("section");
    }

    private static void totals(Html h, TrafficRange range, Views.TrafficView traffic) {
        Views.TrafficTotals totals = traffic.series().isEmpty() ? new Views.TrafficTotals(0, 0, 0)
                : traffic.series().get(0).totals();
        h.element("p", "Over " + range.words + ": " + bytes(totals.bytesToDevice()) + " to the device, "
                + bytes(totals.bytesFromDevice()) + " from it, " + DashboardTable.count(totals.sessions(), "session opened",
                "sessions opened") + " (steps of "
                + minutes(traffic.step()) + ").", "class", "totals", "id", "traffic-totals");
    }

    private static String minutes(int stepSeconds) {
        return stepSeconds % 3600 == 0 ? stepSeconds / 3600 + " h" : stepSeconds / 60 + " min";
    }

    private static void sessions(Html h, List<Views.SessionView> recent) {
        h.open("div", "id", "device-sessions-live");
        if (recent.isEmpty()) {
            h.element("p", "No session to show.", "class", "empty");
        } else {
            DashboardTable t = DashboardTable.start(h, "sessions", "device-sessions", List.of("Service", "Operator",
                    "From", "Started", "Ended", "Bytes to device", "Bytes from device", "Why it ended"));
            for (Views.SessionView s : recent) {
                t.row("data-session-id", s.id(), "class", s.endedAt() == null ? "live" : "ended");
                t.cell(s.service());
                t.cell(s.operator());
                t.cell(s.sourceAddress() == null ? "—" : s.sourceAddress());
                t.cell(time(s.startedAt()), "class", "time");
                t.cell(s.endedAt() == null ? "live" : time(s.endedAt()), "class", "time");
                DashboardLiveSessionsHtml.bytesCell(t, s.bytesToDevice());
                DashboardLiveSessionsHtml.bytesCell(t, s.bytesFromDevice());
                t.cell(s.closeReason() == null ? "—" : s.closeReason());
                t.endRow();
            }
            t.end();
        }
        h.close("div");
    }
}
