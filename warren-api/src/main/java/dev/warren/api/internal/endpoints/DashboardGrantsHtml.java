package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.actionCell;
import static dev.warren.api.internal.endpoints.DashboardPages.csrf;
import static dev.warren.api.internal.endpoints.DashboardPages.fieldBox;
import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.labels;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;
import static dev.warren.api.internal.endpoints.DashboardPages.urlSegment;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import dev.warren.store.Grant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Live grants; an admin gets the create form (every selector the REST API takes, each problem of a refused attempt
 * next to its field, what was typed kept) and a "Revoke" form on each row, others neither.
 */
final class DashboardGrantsHtml {
    /** Where the page's script asks for {@link #live} again. */
    static final String LIVE = "/ui/live/grants";

    private DashboardGrantsHtml() {}

    /** The names the form's fields suggest while typing ({@code datalist}s). */
    record Suggestions(List<String> operators, List<String> devices) {}

    /** @param names what the create form suggests; {@code null} for those who get no form */
    static String grants(Principal who, DashboardSessions.Session session, List<Views.GrantView> live,
            DashboardGrantForm form, Suggestions names) {
        Html h = head("Grants");
        nav(h, who, session, "grants");
        h.open("main");
        h.element("h1", "Grants");
        if (who.isAdmin()) {
            createForm(h, session, form, names);
        }
        h.element("h2", "Live grants");
        h.open("div", "id", "grants-live", "data-live", LIVE);
        live(h, who, session, live);
        h.close("div");
        h.close("main");
        DashboardPages.scripts(h, false);
        return tail(h);
    }

    /** What changes while the page is open: the count ({@code #grants-count}) and the table ({@code #grants-table}). */
    static void live(Html h, Principal who, DashboardSessions.Session session, List<Views.GrantView> live) {
        DashboardTable.liveList(h, "grants", DashboardTable.count(live.size(), "live grant", "live grants"));
        if (live.isEmpty()) {
            h.element("p", "No live grant to show.", "class", "empty");
        } else {
            List<String> columns = new ArrayList<>(List.of("To", "Device or selector", "Service", "Reason",
                    "Granted by", "Expires"));
            if (who.isAdmin()) {
                columns.add("");
            }
            DashboardTable t = DashboardTable.start(h, "grants", "grants", columns);
            for (Views.GrantView g : live) {
                t.row("data-grant-id", g.id());
                t.cell(g.user() != null ? g.user() : GrantEndpoints.DEVICE_SUBJECT + g.fromDevice());
                t.cell(g.deviceName() != null ? g.deviceName()
                        : g.selector() == null ? "—" : labels(g.selector()), "class", "labels");
                t.cell(g.service());
                t.cell(g.reason());
                t.cell(g.createdBy());
                t.cell(time(g.expiresAt()), "class", "time");
                if (who.isAdmin()) {
                    actionCell(t, session, "/ui/grants/" + urlSegment(g.id()) + "/revoke", "Revoke", "revoke");
                }
                t.endRow();
            }
            t.end();
        }
        h.close("div");
    }

    private static void createForm(Html h, DashboardSessions.Session session, DashboardGrantForm form,
            Suggestions names) {
        h.open("section", "id", "grant-create", "aria-labelledby", "grant-create-title");
        h.element("h2", "New grant", "id", "grant-create-title");
        h.open("form", "method", "post", "action", "/ui/grants", "id", "grant-form", "class", "fields-form");
        csrf(h, session);
        Map<String, ?> problems = form.problems();
        if (problems.containsKey(DashboardGrantForm.WHOLE)) {
            h.element("p", "The grant was not created: " + form.problem(DashboardGrantForm.WHOLE), "class",
                    "problem", "role", "alert", "id", "grant-form-problem");
        } else if (!problems.isEmpty()) {
            h.element("p", "The grant was not created: " + (problems.size() == 1 ? "one field needs"
                    : problems.size() + " fields need") + " a change, marked below.", "class", "problem", "role",
                    "alert", "id", "grant-form-problem");
        }

        h.open("fieldset").element("legend", "To whom");
        text(h, form, "user", "user", "Operator", "a user with the operator role", OPERATORS);
        h.element("p", "or", "class", "or");
        text(h, form, "from-device", "fromDevice", "Device whose agent forwards (device to device)",
                "the agent's forwarders may then reach the service", DEVICES);
        h.close("fieldset");

        h.open("fieldset").element("legend", "To what");
        text(h, form, "device", "device", "Device", "a name or id", DEVICES);
        h.element("p", "or", "class", "or");
        text(h, form, "selector", "selector", "Every device with the labels", "e.g. site=plant-b, rack=r17", null);
        fieldBox(h, "service", "Service", "* for every service", form.problem("service"), "type", "text", "name",
                "service", "value", form.value("service"), "required", "required", "maxlength", "64",
                "autocomplete", "off", "autocapitalize", "none", "spellcheck", "false");
        h.close("fieldset");

        h.open("fieldset").element("legend", "For how long and why");
        duration(h, form);
        fieldBox(h, "reason", "Reason", "e.g. a ticket; kept in the audit log", form.problem("reason"), "type",
                "text", "name", "reason", "value", form.value("reason"), "required", "required", "maxlength",
                Integer.toString(Grant.MAX_REASON));
        h.close("fieldset");
        h.open("div", "class", "form-actions");
        h.element("button", "Grant", "type", "submit", "data-action", "create-grant");
        h.close("div");
        datalist(h, OPERATORS, names == null ? List.of() : names.operators());
        datalist(h, DEVICES, names == null ? List.of() : names.devices());
        h.close("form");
        h.close("section");
    }

    private static final String OPERATORS = "grant-operators";
    private static final String DEVICES = "grant-devices";

    /** A text field; {@code list}: the id of the datalist it suggests from, or null. */
    private static void text(Html h, DashboardGrantForm form, String id, String field, String label, String note,
            String list) {
        List<String> attributes = new ArrayList<>(List.of("type", "text", "name", field, "value", form.value(field),
                "maxlength", "255", "autocomplete", "off", "autocapitalize", "none", "spellcheck", "false"));
        if (list != null) {
            attributes.addAll(List.of("list", list));
        }
        fieldBox(h, id, label, note, form.problem(field), attributes.toArray(String[]::new));
    }

    private static void datalist(Html h, String id, List<String> names) {
        h.open("datalist", "id", id);
        for (String name : names) {
            h.element("option", "", "value", name);
        }
        h.close("datalist");
    }

    /** A whole number and its unit (minutes, hours, days), one field for people. */
    private static void duration(Html h, DashboardGrantForm form) {
        String problem = form.problem("duration") != null ? form.problem("duration") : form.problem("unit");
        h.open("div", "class", problem == null ? "field" : "field invalid");
        h.element("label", "For", "for", "duration");
        h.open("div", "class", "inline-inputs");
        List<String> attributes = new ArrayList<>(List.of("type", "number", "id", "duration", "name", "duration",
                "value", form.value("duration"), "min", "1", "required", "required", "class", "days",
                "inputmode", "numeric", "aria-describedby", problem == null ? "duration-note"
                        : "duration-note duration-problem"));
        if (problem != null) {
            attributes.addAll(List.of("aria-invalid", "true"));
        }
        h.empty("input", attributes.toArray(String[]::new));
        h.open("select", "id", "unit", "name", "unit", "aria-label", "Unit of the duration");
        for (String unit : DashboardGrantForm.UNITS.keySet()) {
            if (unit.equals(form.value("unit"))) {
                h.element("option", unit, "value", unit, "selected", "selected");
            } else {
                h.element("option", unit, "value", unit);
            }
        }
        h.close("select");
        h.close("div");
        h.element("p", "at most " + GrantEndpoints.MAX_TTL / 86_400 + " days", "class", "field-note", "id",
                "duration-note");
        if (problem != null) {
            h.element("p", problem, "class", "field-problem", "id", "duration-problem");
        }
        h.close("div");
    }
}
