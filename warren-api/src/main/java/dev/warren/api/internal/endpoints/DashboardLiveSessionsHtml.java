package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.actionCell;
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

/** The live sessions; an admin gets a "cut" form (POST with the CSRF token) on each row, others none. */
final class DashboardLiveSessionsHtml {
    private DashboardLiveSessionsHtml() {}

    static String sessions(Principal who, DashboardSessions.Session session, List<Views.SessionView> open) {
        Html h = head("Live sessions");
        nav(h, who, session, "sessions");
        h.open("main");
        h.element("h1", "Live sessions (" + open.size() + ")");
        if (open.isEmpty()) {
            h.element("p", "No live session to show.", "class", "empty");
        } else {
            List<String> columns = new ArrayList<>(List.of("Device", "Service", "Operator", "From",
                    "Relay node", "Started", "Bytes to device", "Bytes from device"));
            if (who.isAdmin()) {
                columns.add("");
            }
            DashboardPages.tableStart(h, "sessions", "sessions", columns);
            for (Views.SessionView s : open) {
                h.open("tr", "data-session-id", s.id(), "data-device", s.deviceName());
                h.open("td", "class", "name").element("a", s.deviceName(), "href",
                        DashboardDeviceHtml.path(s.deviceName())).close("td");
                h.element("td", s.service());
                h.element("td", s.operator());
                h.element("td", s.sourceAddress());
                h.element("td", s.relayNode());
                h.element("td", time(s.startedAt()));
                h.element("td", Long.toString(s.bytesToDevice()), "class", "number");
                h.element("td", Long.toString(s.bytesFromDevice()), "class", "number");
                if (who.isAdmin()) {
                    actionCell(h, session, "/ui/sessions/" + urlSegment(s.id()) + "/cut", "Cut", "cut");
                }
                h.close("tr");
            }
            DashboardPages.tableEnd(h);
        }
        h.close("main");
        return tail(h);
    }
}
