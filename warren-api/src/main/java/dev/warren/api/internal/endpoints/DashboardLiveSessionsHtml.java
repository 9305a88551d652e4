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

    /** Where the page's script asks for {@link #live} again. */
    static final String LIVE = "/ui/live/sessions";

    static String sessions(Principal who, DashboardSessions.Session session, List<Views.SessionView> open) {
        Html h = head("Live sessions");
        nav(h, who, session, "sessions");
        h.open("main");
        h.element("h1", "Live sessions");
        h.open("div", "id", "sessions-live", "data-live", LIVE);
        live(h, who, session, open);
        h.close("div");
        h.close("main");
        DashboardPages.scripts(h, false);
        return tail(h);
    }

    /**
     * What changes while the page is open: the count ({@code #sessions-count}) and the table
     * ({@code #sessions-table}: new sessions appear, bytes grow, ended ones go).
     */
    static void live(Html h, Principal who, DashboardSessions.Session session, List<Views.SessionView> open) {
        DashboardTable.liveList(h, "sessions", DashboardTable.count(open.size(), "live session", "live sessions"));
        if (open.isEmpty()) {
            h.element("p", "No live session to show.", "class", "empty");
        } else {
            List<String> columns = new ArrayList<>(List.of("Device", "Service", "Operator", "From",
                    "Relay node", "Started", "Bytes to device", "Bytes from device"));
            if (who.isAdmin()) {
                columns.add("");
            }
            DashboardTable t = DashboardTable.start(h, "sessions", "sessions", columns);
            for (Views.SessionView s : open) {
                t.row("data-session-id", s.id(), "data-device", s.deviceName());
                t.open("class", "name").element("a", s.deviceName(), "href",
                        DashboardDeviceHtml.path(s.deviceName())).close("td");
                t.cell(s.service());
                t.cell(s.operator());
                t.cell(s.sourceAddress());
                t.cell(s.relayNode());
                t.cell(time(s.startedAt()), "class", "time");
                bytesCell(t, s.bytesToDevice());
                bytesCell(t, s.bytesFromDevice());
                if (who.isAdmin()) {
                    actionCell(t, session, "/ui/sessions/" + urlSegment(s.id()) + "/cut", "Cut", "cut");
                }
                t.endRow();
            }
            t.end();
        }
        h.close("div");
    }

    /** A byte count for people, the exact number in {@code data-bytes}. */
    static void bytesCell(DashboardTable t, long n) {
        t.cell(DashboardPages.bytes(n), "class", "number", "data-bytes", Long.toString(n));
    }
}
