package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.labels;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import java.util.List;

/** The device table: what {@code GET /api/v1/devices} shows the same user, with a search form. */
final class DashboardDevicesHtml {
    private DashboardDevicesHtml() {}

    static String devices(Principal who, DashboardSessions.Session session, DeviceFilter filter, int total,
            List<Views.DeviceView> devices) {
        Html h = head("Devices");
        nav(h, who, session, "devices");
        h.open("main");
        h.element("h1", "Devices");
        h.open("form", "method", "get", "action", "/ui/devices", "class", "filter", "role", "search", "id",
                "device-filter");
        h.open("span", "class", "pair");
        h.element("label", "Search", "for", "q");
        h.empty("input", "type", "search", "id", "q", "name", "q", "value", filter.text(), "maxlength",
                Integer.toString(DeviceFilter.MAX_TEXT), "placeholder", "name or label");
        h.close("span");
        h.open("span", "class", "pair");
        h.element("label", "State", "for", "state");
        h.open("select", "id", "state", "name", "state");
        for (String state : List.of("", "online", "offline")) {
            if (state.equals(filter.state())) {
                h.element("option", state.isEmpty() ? "any" : state, "value", state, "selected", "selected");
            } else {
                h.element("option", state.isEmpty() ? "any" : state, "value", state);
            }
        }
        h.close("select");
        h.close("span");
        h.element("button", "Filter", "type", "submit");
        h.close("form");
        h.open("div", "id", "devices-live", "data-live", LIVE + filter.query());
        live(h, total, devices);
        h.close("div");
        h.close("main");
        DashboardPages.scripts(h, false);
        return tail(h);
    }

    /** Where the page's script asks for {@link #live} again; the filter's query follows. */
    static final String LIVE = "/ui/live/devices";

    /**
     * What changes while the page is open: the count ({@code #devices-count}) and the table ({@code #devices-table});
     * the page's script replaces each by its new copy (element by id).
     */
    /** The count line: "1 device, 1 online", or with a filter "2 of 5 devices, 0 online". */
    static String countLine(int shown, int total, long online) {
        String devices = DashboardTable.count(total, "device", "devices");
        return (shown == total ? devices : shown + " of " + devices) + ", " + online + " online";
    }

    static void live(Html h, int total, List<Views.DeviceView> devices) {
        long online = devices.stream().filter(Views.DeviceView::online).count();
        DashboardTable.liveList(h, "devices", countLine(devices.size(), total, online));
        if (devices.isEmpty()) {
            h.element("p", "No device to show.", "class", "empty");
        } else {
            DashboardTable t = DashboardTable.start(h, "devices", "devices", List.of("Name", "Online", "Last seen",
                    "Agent version", "Certificate expires", "Services", "Labels"));
            for (Views.DeviceView d : devices) {
                String state = DashboardDeviceHtml.state(d);
                t.row("class", state, "data-device", d.name(), "data-device-id", d.id(), "data-state", state);
                t.open("class", "name").element("a", d.name(), "href", DashboardDeviceHtml.path(d.name()))
                        .text(d.disabled() ? " (disabled)" : "").close("td");
                t.cell(d.online() ? "online" : "offline", "class", d.online() ? "state-on" : "state-off");
                t.cell(time(d.lastSeenAt()), "class", "time");
                t.cell(d.agentVersion() == null ? "—" : d.agentVersion());
                t.cell(time(d.certNotAfter()), "class", "time");
                t.cell(d.services().isEmpty() ? "—" : String.join(", ", d.services()));
                t.cell(labels(d.labels()), "class", "labels");
                t.endRow();
            }
            t.end();
        }
        h.close("div");
    }
}
