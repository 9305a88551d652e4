package dev.warren.api.internal.endpoints;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's HTML, built only with {@link Html} so that every value from the store (device names, labels, agent
 * versions) is escaped. No inline scripts or styles: the one stylesheet is {@code /ui/static/warren.css}.
 */
final class DashboardPages {
    static final String CSS_PATH = "/ui/static/warren.css";

    private DashboardPages() {}

    /** The sign-in form; {@code problem} (may be null) says why the last attempt was refused. */
    static String login(String problem) {
        Html h = head("Sign in");
        h.open("main", "class", "login");
        h.element("h1", "Warren: sign in");
        if (problem != null) {
            h.element("p", problem, "class", "problem", "role", "alert");
        }
        h.open("form", "method", "post", "action", "/ui/login");
        h.element("label", "API token", "for", "token");
        h.empty("input", "type", "password", "id", "token", "name", "token", "autocomplete", "off", "required", "required",
                "placeholder", "wat1.…");
        h.element("button", "Sign in", "type", "submit");
        h.close("form");
        h.element("p", "Paste one of your API tokens (warren admin user create prints one). The token is checked "
                + "once; the dashboard then keeps a session of its own.", "class", "hint");
        h.close("main");
        return tail(h);
    }

    /** The device table: what {@code GET /api/v1/devices} shows the same user. */
    static String devices(Principal who, DashboardSessions.Session session, DeviceFilter filter, int total,
            List<Views.DeviceView> devices) {
        Html h = head("Devices");
        nav(h, who, session, "devices");
        h.open("main");
        h.element("h1", devices.size() == total ? "Devices (" + total + ")"
                : "Devices (" + devices.size() + " of " + total + ")");
        h.open("form", "method", "get", "action", "/ui/devices", "class", "filter", "role", "search");
        h.element("label", "Search", "for", "q");
        h.empty("input", "type", "search", "id", "q", "name", "q", "value", filter.text(), "maxlength",
                Integer.toString(DeviceFilter.MAX_TEXT), "placeholder", "name or label");
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
        h.element("button", "Filter", "type", "submit");
        h.close("form");
        if (devices.isEmpty()) {
            h.element("p", "No device to show.", "class", "empty");
        } else {
            h.open("div", "class", "table-wrap");
            h.open("table", "class", "devices");
            h.open("thead").open("tr");
            for (String column : List.of("Name", "Online", "Last seen", "Agent version", "Certificate expires",
                    "Services", "Labels")) {
                h.element("th", column, "scope", "col");
            }
            h.close("tr").close("thead").open("tbody");
            for (Views.DeviceView d : devices) {
                h.open("tr", "class", d.disabled() ? "disabled" : (d.online() ? "online" : "offline"));
                h.element("td", d.name() + (d.disabled() ? " (disabled)" : ""), "class", "name");
                h.element("td", d.online() ? "online" : "offline", "class", d.online() ? "state-on" : "state-off");
                h.element("td", time(d.lastSeenAt()));
                h.element("td", d.agentVersion() == null ? "—" : d.agentVersion());
                h.element("td", time(d.certNotAfter()));
                h.element("td", d.services().isEmpty() ? "—" : String.join(", ", d.services()));
                h.element("td", labels(d.labels()), "class", "labels");
                h.close("tr");
            }
            h.close("tbody").close("table").close("div");
        }
        h.close("main");
        return tail(h);
    }

    /** The live sessions; an admin gets a "cut" form (POST with the CSRF token) on each row, others none. */
    static String sessions(Principal who, DashboardSessions.Session session, List<Views.SessionView> open) {
        Html h = head("Live sessions");
        nav(h, who, session, "sessions");
        h.open("main");
        h.element("h1", "Live sessions (" + open.size() + ")");
        if (open.isEmpty()) {
            h.element("p", "No live session to show.", "class", "empty");
        } else {
            h.open("div", "class", "table-wrap");
            h.open("table", "class", "sessions");
            h.open("thead").open("tr");
            List<String> columns = new ArrayList<>(List.of("Device", "Service", "Operator", "From",
                    "Relay node", "Started", "Bytes to device", "Bytes from device"));
            if (who.isAdmin()) {
                columns.add("");
            }
            for (String column : columns) {
                h.element("th", column, "scope", "col");
            }
            h.close("tr").close("thead").open("tbody");
            for (Views.SessionView s : open) {
                h.open("tr");
                h.element("td", s.deviceName(), "class", "name");
                h.element("td", s.service());
                h.element("td", s.operator());
                h.element("td", s.sourceAddress());
                h.element("td", s.relayNode());
                h.element("td", time(s.startedAt()));
                h.element("td", Long.toString(s.bytesToDevice()), "class", "number");
                h.element("td", Long.toString(s.bytesFromDevice()), "class", "number");
                if (who.isAdmin()) {
                    actionCell(h, session, "/ui/sessions/" + urlSegment(s.id()) + "/cut", "Cut");
                }
                h.close("tr");
            }
            h.close("tbody").close("table").close("div");
        }
        h.close("main");
        return tail(h);
    }

    /** Live grants; an admin gets the create form and a "Revoke" form on each row, others neither. */
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
            h.open("div", "class", "table-wrap");
            h.open("table", "class", "grants");
            h.open("thead").open("tr");
            List<String> columns = new ArrayList<>(List.of("To", "Device or selector", "Service", "Reason",
                    "Granted by", "Expires"));
            if (who.isAdmin()) {
                columns.add("");
            }
            for (String column : columns) {
                h.element("th", column, "scope", "col");
            }
            h.close("tr").close("thead").open("tbody");
            for (Views.GrantView g : live) {
                h.open("tr");
                h.element("td", g.user() != null ? g.user() : "device:" + g.fromDevice());
                h.element("td", g.deviceName() != null ? g.deviceName()
                        : g.selector() == null ? "—" : labels(g.selector()), "class", "labels");
                h.element("td", g.service());
                h.element("td", g.reason());
                h.element("td", g.createdBy());
                h.element("td", time(g.expiresAt()));
                if (who.isAdmin()) {
                    actionCell(h, session, "/ui/grants/" + urlSegment(g.id()) + "/revoke", "Revoke");
                }
                h.close("tr");
            }
            h.close("tbody").close("table").close("div");
        }
        h.close("main");
        return tail(h);
    }

    /** Enrollment tokens (admins only); {@code created} (may be null) is shown once, with its secret. */
    static String enrollTokens(Principal who, DashboardSessions.Session session, List<Views.EnrollTokenView> tokens,
            Views.CreatedEnrollToken created) {
        Html h = head("Enrollment tokens");
        nav(h, who, session, "enroll-tokens");
        h.open("main");
        h.element("h1", "Enrollment tokens (" + tokens.size() + ")");
        if (created != null) {
            h.open("section", "class", "created", "role", "status");
            h.element("p", "New enrollment token " + created.id() + " (shown once; copy it now):");
            h.element("code", created.token(), "class", "secret");
            h.close("section");
        }
        h.open("form", "method", "post", "action", "/ui/enroll-tokens", "class", "filter create");
        h.empty("input", "type", "hidden", "name", DashboardEndpoints.CSRF_FIELD, "value", session.csrfToken());
        field(h, "hours", "Valid for (hours)", "number", "1");
        field(h, "uses", "Uses", "number", "1");
        h.element("label", "Description", "for", "description");
        h.empty("input", "type", "text", "id", "description", "name", "description", "maxlength", "200");
        h.element("button", "Create", "type", "submit");
        h.close("form");
        if (!tokens.isEmpty()) {
            h.open("div", "class", "table-wrap").open("table", "class", "enroll-tokens");
            h.open("thead").open("tr");
            for (String column : List.of("Id", "Description", "Created by", "Expires", "Used", "State", "")) {
                h.element("th", column, "scope", "col");
            }
            h.close("tr").close("thead").open("tbody");
            for (Views.EnrollTokenView t : tokens) {
                h.open("tr");
                h.element("td", t.id());
                h.element("td", t.description() == null ? "—" : t.description());
                h.element("td", t.createdBy());
                h.element("td", time(t.expiresAt()));
                h.element("td", t.uses() + " of " + t.maxUses());
                h.element("td", t.revoked() ? "revoked" : "issued");
                h.open("td");
                if (!t.revoked()) {
                    h.open("form", "method", "post", "action", "/ui/enroll-tokens/" + urlSegment(t.id()) + "/revoke",
                            "class", "inline");
                    h.empty("input", "type", "hidden", "name", DashboardEndpoints.CSRF_FIELD, "value",
                            session.csrfToken());
                    h.element("button", "Revoke", "type", "submit", "class", "danger");
                    h.close("form");
                }
                h.close("td");
                h.close("tr");
            }
            h.close("tbody").close("table").close("div");
        }
        h.close("main");
        return tail(h);
    }

    private static void field(Html h, String name, String label, String type, String value) {
        h.element("label", label, "for", name);
        h.empty("input", "type", type, "id", name, "name", name, "value", value, "required", "required");
    }

    /** A short page for a refusal (403 and the like). */
    static String refused(String title, String message) {
        Html h = head(title);
        h.open("main");
        h.element("h1", title);
        h.element("p", message, "class", "problem");
        h.open("p").element("a", "Back to the dashboard", "href", "/ui/devices").close("p");
        h.close("main");
        return tail(h);
    }

    private static void nav(Html h, Principal who, DashboardSessions.Session session, String current) {
        h.open("header").open("nav");
        h.element("span", "Warren", "class", "brand");
        h.element("a", "Devices", "href", "/ui/devices", "class", "devices".equals(current) ? "current" : "");
        h.element("a", "Sessions", "href", "/ui/sessions", "class", "sessions".equals(current) ? "current" : "");
        h.element("a", "Grants", "href", "/ui/grants", "class", "grants".equals(current) ? "current" : "");
        if (who.isAdmin()) {
            h.element("a", "Enrollment", "href", "/ui/enroll-tokens", "class",
                    "enroll-tokens".equals(current) ? "current" : "");
        }
        h.element("span", who.name() + " (" + who.role().name().toLowerCase() + ")", "class", "who");
        h.open("form", "method", "post", "action", "/ui/logout", "class", "logout");
        h.empty("input", "type", "hidden", "name", DashboardEndpoints.CSRF_FIELD, "value", session.csrfToken());
        h.element("button", "Sign out", "type", "submit");
        h.close("form");
        h.close("nav").close("header");
    }

    private static Html head(String title) {
        Html h = new Html();
        h.open("html", "lang", "en").open("head");
        h.empty("meta", "charset", "utf-8");
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.element("title", title + " · Warren");
        h.empty("link", "rel", "stylesheet", "href", CSS_PATH);
        h.close("head").open("body");
        return h;
    }

    private static String tail(Html h) {
        h.close("body").close("html");
        return "<!doctype html>\n" + h;
    }

    private static String time(Instant t) {
        return t == null ? "—" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String urlSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The hidden field that carries the session's CSRF token in every form. */
    private static void csrf(Html h, DashboardSessions.Session session) {
        h.empty("input", "type", "hidden", "name", DashboardEndpoints.CSRF_FIELD, "value", session.csrfToken());
    }

    /** A table cell with one button that POSTs to {@code action} (an admin's row action: cut, revoke). */
    private static void actionCell(Html h, DashboardSessions.Session session, String action, String label) {
        h.open("td");
        h.open("form", "method", "post", "action", action, "class", "inline");
        csrf(h, session);
        h.element("button", label, "type", "submit", "class", "danger");
        h.close("form");
        h.close("td");
    }
}
