package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import dev.warren.store.AuditEvent;
import java.util.List;
import java.util.Map;

/** The audit log page: the filter form, one page of events (newest first), links to older events and to the CSV. */
final class DashboardAuditHtml {
    private static final List<String> OUTCOMES = List.of("", "ok", "refused", "failed", "error");

    /**
     * Where the page's links go, and where its script asks for its live part again (the first page only);
     * {@code null}: no such link.
     */
    record Links(String older, String newest, String csv, String live) {}

    private DashboardAuditHtml() {}

    /**
     * @param values  the filters as given, shown again in the form
     * @param problem why the filters were refused (no events then), or null
     */
    static String page(Principal who, DashboardSessions.Session session, Map<String, String> values, String problem,
            List<AuditEvent> events, Map<String, String> deviceNames, Links links) {
        Html h = head("Audit log");
        nav(h, who, session, "audit");
        h.open("main");
        h.element("h1", "Audit log");
        form(h, values, links);
        if (links != null && links.live() != null) {
            h.open("div", "id", "audit-live", "data-live", links.live());
        } else {
            h.open("div", "id", "audit-live");
        }
        live(h, problem, events, deviceNames, links);
        h.close("div");
        h.close("main");
        DashboardPages.scripts(h, false);
        return tail(h);
    }

    /**
     * What changes while the first page is open: the events ({@code #audit-table}: new ones at the top) and the
     * links to older ones ({@code #audit-pager}).
     */
    static void live(Html h, String problem, List<AuditEvent> events, Map<String, String> deviceNames, Links links) {
        h.open("div", "id", "audit-table");
        if (problem != null) {
            h.element("p", problem, "class", "problem", "role", "alert");
        } else if (events.isEmpty()) {
            h.element("p", "No event matches.", "class", "empty");
        } else {
            DashboardTable t = DashboardTable.start(h, "audit", "audit", List.of("Time", "Actor", "Action", "Target",
                    "Device", "Subject", "Source", "Outcome", "Details"));
            for (AuditEvent e : events) {
                t.row("data-seq", Long.toString(e.seq()), "data-action", e.action(), "data-outcome",
                        e.outcome(), "class", "ok".equals(e.outcome()) ? "ok" : "not-ok");
                t.cell(time(e.at()), "class", "time");
                t.cell(e.actor());
                t.cell(e.action());
                t.cell(dash(e.target()), "class", "id");
                device(t, e.deviceId(), deviceNames.get(e.deviceId()));
                t.cell(dash(e.subject()));
                t.cell(dash(e.sourceAddress()));
                t.cell(e.outcome(), "class", "outcome");
                t.cell(DashboardAudit.details(e.details()), "class", "details");
                t.endRow();
            }
            t.end();
        }
        h.close("div");
        h.open("div", "id", "audit-pager");
        if (links != null && (links.older() != null || links.newest() != null)) {
            h.open("nav", "class", "pager", "aria-label", "Pages");
            if (links.newest() != null) {
                h.element("a", "← Newest", "href", links.newest(), "rel", "first", "id", "audit-newest");
            }
            if (links.older() != null) {
                h.element("a", "Older →", "href", links.older(), "rel", "next", "id", "audit-older");
            }
            h.close("nav");
        }
        h.close("div");
    }

    private static void form(Html h, Map<String, String> values, Links links) {
        h.open("form", "method", "get", "action", "/ui/audit", "class", "filter", "role", "search", "id",
                "audit-filter");
        input(h, "since", "Since", values, "1h, 7d or 2026-11-23T08:00:00Z");
        input(h, "until", "Until", values, "same forms as since");
        input(h, "actor", "Actor", values, "a user name");
        input(h, "device", "Device", values, "name or id");
        input(h, "action", "Action", values, "grant.create or session.*");
        h.open("span", "class", "pair");
        h.element("label", "Outcome", "for", "outcome");
        h.open("select", "id", "outcome", "name", "outcome");
        String chosen = values.getOrDefault("outcome", "");
        boolean listed = OUTCOMES.contains(chosen);
        for (String outcome : listed ? OUTCOMES : append(OUTCOMES, chosen)) {
            String label = outcome.isEmpty() ? "any" : outcome;
            if (outcome.equals(chosen)) {
                h.element("option", label, "value", outcome, "selected", "selected");
            } else {
                h.element("option", label, "value", outcome);
            }
        }
        h.close("select");
        h.close("span");
        h.element("button", "Filter", "type", "submit");
        if (links != null) {
            h.element("a", "Export CSV", "href", links.csv(), "class", "button", "id", "audit-csv", "download", "",
                    "title", "for spreadsheets: UTF-8 with a byte-order mark");
            h.element("a", "CSV for scripts", "href", links.csv() + (links.csv().endsWith("?") ? "" : "&")
                    + DashboardAudit.BOM + "=false", "id", "audit-csv-plain", "download", "",
                    "title", "UTF-8 without a byte-order mark");
        }
        h.close("form");
    }

    private static List<String> append(List<String> list, String more) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static void input(Html h, String name, String label, Map<String, String> values, String placeholder) {
        h.open("span", "class", "pair");
        h.element("label", label, "for", name);
        h.empty("input", "type", "text", "id", name, "name", name, "value", values.getOrDefault(name, ""),
                "placeholder", placeholder, "maxlength", "255", "size", "14");
        h.close("span");
    }

    private static void device(DashboardTable t, String deviceId, String name) {
        if (deviceId == null) {
            t.cell("—");
        } else if (name == null) {
            t.cell(deviceId, "title", "a deleted device");
        } else {
            t.open().element("a", name, "href", DashboardDeviceHtml.path(name), "title", deviceId).close("td");
        }
    }

    private static String dash(String value) {
        return value == null ? "—" : value;
    }
}
