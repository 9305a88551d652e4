package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.actionCell;
import static dev.warren.api.internal.endpoints.DashboardPages.csrf;
import static dev.warren.api.internal.endpoints.DashboardPages.field;
import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.labels;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;
import static dev.warren.api.internal.endpoints.DashboardPages.urlSegment;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import java.util.ArrayList;
import java.util.List;

/** Live grants; an admin gets the create form and a "Revoke" form on each row, others neither. */
final class DashboardGrantsHtml {
    private DashboardGrantsHtml() {}

    static String grants(Principal who, DashboardSessions.Session session, List<Views.GrantView> live) {
        Html h = head("Grants");
        nav(h, who, session, "grants");
        h.open("main");
        h.element("h1", "Live grants (" + live.size() + ")");
        if (who.isAdmin()) {
            h.open("form", "method", "post", "action", "/ui/grants", "class", "filter create");
            csrf(h, session);
            field(h, "user", "Operator", "text", "");
            field(h, "device", "Device", "text", "");
            field(h, "service", "Service", "text", "ssh");
            field(h, "minutes", "Minutes", "number", "60");
            field(h, "reason", "Reason", "text", "");
            h.element("button", "Grant", "type", "submit");
            h.close("form");
        }
        if (live.isEmpty()) {
            h.element("p", "No live grant to show.", "class", "empty");
        } else {
            List<String> columns = new ArrayList<>(List.of("To", "Device or selector", "Service", "Reason",
                    "Granted by", "Expires"));
            if (who.isAdmin()) {
                columns.add("");
            }
            DashboardPages.tableStart(h, "grants", "grants", columns);
            for (Views.GrantView g : live) {
                h.open("tr", "data-grant-id", g.id());
                h.element("td", g.user() != null ? g.user() : "device:" + g.fromDevice());
                h.element("td", g.deviceName() != null ? g.deviceName()
                        : g.selector() == null ? "—" : labels(g.selector()), "class", "labels");
                h.element("td", g.service());
                h.element("td", g.reason());
                h.element("td", g.createdBy());
                h.element("td", time(g.expiresAt()));
                if (who.isAdmin()) {
                    actionCell(h, session, "/ui/grants/" + urlSegment(g.id()) + "/revoke", "Revoke", "revoke");
                }
                h.close("tr");
            }
            DashboardPages.tableEnd(h);
        }
        h.close("main");
        return tail(h);
    }
}
