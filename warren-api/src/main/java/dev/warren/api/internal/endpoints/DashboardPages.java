package dev.warren.api.internal.endpoints;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's layout (head, navigation, tail) and the pieces every page uses, built only with {@link Html} so
 * that every value from the store (device names, labels, agent versions) is escaped; also the sign-in and refusal
 * pages. No inline scripts or styles: the one stylesheet is {@code /ui/static/warren.css},
 * the one script of Warren's own {@code /ui/static/warren.js}.
 */
final class DashboardPages {
    private DashboardPages() {}

    /**
     * The sign-in page: a user name and password, or an API token. {@code problem} (may be null) says why the last
     * attempt was refused. Nothing typed is ever put back into a field.
     */
    static String login(String problem) {
        Html h = head("Sign in");
        h.open("main", "class", "login");
        h.element("h1", "Warren: sign in");
        if (problem != null) {
            h.element("p", problem, "class", "problem", "role", "alert");
        }
        h.open("form", "method", "post", "action", "/ui/login", "id", "password-login");
        h.element("label", "User name", "for", "login-user");
        h.empty("input", "type", "text", "id", "login-user", "name", "user", "autocomplete", "username", "required",
                "required", "autocapitalize", "none", "spellcheck", "false");
        h.element("label", "Password", "for", "login-password");
        h.empty("input", "type", "password", "id", "login-password", "name", "password", "autocomplete",
                "current-password", "required", "required");
        h.element("button", "Sign in", "type", "submit", "data-action", "password-login");
        h.close("form");
        h.element("h2", "Or with an API token");
        h.open("form", "method", "post", "action", "/ui/login", "id", "token-login");
        h.element("label", "API token", "for", "token");
        h.empty("input", "type", "password", "id", "token", "name", "token", "autocomplete", "off", "required", "required",
                "placeholder", "wat1.…");
        h.element("button", "Sign in with the token", "type", "submit", "data-action", "token-login");
        h.close("form");
        h.element("p", "An admin sets a password on the users page (or with warren admin user passwd NAME). Or paste"
                + " one of your API tokens "
                + "(warren admin user create prints one). Either is checked once; the dashboard then keeps a session "
                + "of its own.", "class", "hint");
        h.close("main");
        return tail(h);
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

    static void nav(Html h, Principal who, DashboardSessions.Session session, String current) {
        h.open("header").open("nav");
        h.element("span", "Warren", "class", "brand");
        h.element("a", "Devices", "href", "/ui/devices", "class", "devices".equals(current) ? "current" : "");
        h.element("a", "Sessions", "href", "/ui/sessions", "class", "sessions".equals(current) ? "current" : "");
        h.element("a", "Grants", "href", "/ui/grants", "class", "grants".equals(current) ? "current" : "");
        if (Lookups.seesEverything(who)) {
            h.element("a", "Audit", "href", "/ui/audit", "class", "audit".equals(current) ? "current" : "");
            h.element("a", "Users", "href", "/ui/users", "class", "users".equals(current) ? "current" : "");
        }
        if (who.isAdmin()) {
            h.element("a", "Enrollment", "href", "/ui/enroll-tokens", "class",
                    "enroll-tokens".equals(current) ? "current" : "");
        }
        h.element("a", who.name() + " (" + who.role().name().toLowerCase() + ")", "href", DashboardAccount.PATH,
                "class", "account".equals(current) ? "who current" : "who", "title", "Your account");
        h.open("form", "method", "post", "action", "/ui/logout", "class", "logout");
        csrf(h, session);
        h.element("button", "Sign out", "type", "submit");
        h.close("form");
        h.close("nav").close("header");
    }

    static Html head(String title) {
        Html h = new Html();
        h.open("html", "lang", "en").open("head");
        h.empty("meta", "charset", "utf-8");
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.element("title", title + " · Warren");
        h.empty("link", "rel", "stylesheet", "href", DashboardAssets.CSS.href());
        h.empty("link", "rel", "icon", "type", "image/svg+xml", "href", DashboardAssets.FAVICON_SVG.href());
        h.close("head").open("body");
        return h;
    }

    static String tail(Html h) {
        h.close("body").close("html");
        return "<!doctype html>\n" + h;
    }

    /**
     * Opens a scrollable table with these column headers; the caller fills the {@code tbody} and closes it with
     * {@link #tableEnd}. {@code id} is stable: browser tests find tables by it.
     */
    static void tableStart(Html h, String cssClass, String id, List<String> columns) {
        h.open("div", "class", "table-wrap");
        h.open("table", "class", cssClass, "id", id);
        h.open("thead").open("tr");
        for (String column : columns) {
            h.element("th", column, "scope", "col");
        }
        h.close("tr").close("thead").open("tbody");
    }

    static void tableEnd(Html h) {
        h.close("tbody").close("table").close("div");
    }

    /**
     * The page's scripts, after its content (deferred, same origin only): Chart.js when the page draws a chart, then
     * {@code warren.js}. Without scripts every page still shows all its data.
     */
    static void scripts(Html h, boolean chart) {
        if (chart) {
            h.element("script", "", "src", DashboardAssets.CHART_JS.href(), "defer", "defer");
        }
        h.element("script", "", "src", DashboardAssets.WARREN_JS.href(), "defer", "defer");
    }

    /** A byte count for people: {@code 512 B}, {@code 48.8 KiB}, {@code 1.2 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** The title of an error page for {@code status}. */
    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Request too large";
            case 429 -> "Too many requests";
            case 500 -> "Internal error";
            case 503 -> "Unavailable";
            default -> "Refused";
        };
    }

    static String time(Instant t) {
        return t == null ? "—" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String urlSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The hidden field that carries the session's CSRF token in every form. */
    static void csrf(Html h, DashboardSessions.Session session) {
        h.empty("input", "type", "hidden", "name", DashboardRequests.CSRF_FIELD, "value", session.csrfToken());
    }

    /** A labelled, required input (label and input kept together: {@code span.pair}). */
    static void field(Html h, String name, String label, String type, String value) {
        h.open("span", "class", "pair");
        h.element("label", label, "for", name);
        h.empty("input", "type", type, "id", name, "name", name, "value", value, "required", "required");
        h.close("span");
    }

    /**
     * A labelled input in its own box ({@code div.field}, {@code div.field.invalid} with a problem), with a note
     * under it ({@code p.field-note#<id>-note}) and the problem of the last attempt ({@code p.field-problem
     * #<id>-problem}), both tied to the input for screen readers; {@code input} holds the input's attributes (type,
     * name, value...) but its id.
     */
    static void fieldBox(Html h, String id, String label, String note, String problem, String... input) {
        h.open("div", "class", problem == null ? "field" : "field invalid");
        h.element("label", label, "for", id);
        List<String> attributes = new java.util.ArrayList<>(List.of(input));
        attributes.addAll(List.of("id", id));
        List<String> describedBy = new java.util.ArrayList<>();
        if (note != null) {
            describedBy.add(id + "-note");
        }
        if (problem != null) {
            describedBy.add(id + "-problem");
            attributes.addAll(List.of("aria-invalid", "true"));
        }
        if (!describedBy.isEmpty()) {
            attributes.addAll(List.of("aria-describedby", String.join(" ", describedBy)));
        }
        h.empty("input", attributes.toArray(String[]::new));
        if (note != null) {
            h.element("p", note, "class", "field-note", "id", id + "-note");
        }
        if (problem != null) {
            h.element("p", problem, "class", "field-problem", "id", id + "-problem");
        }
        h.close("div");
    }

    /**
     * A table cell with one button that POSTs to {@code action} (an admin's row action: cut, revoke);
     * {@code dataAction} names it for browser tests ({@code data-action}).
     */
    static void actionCell(DashboardTable t, DashboardSessions.Session session, String action, String label,
            String dataAction) {
        Html h = t.open("class", "actions");
        h.open("form", "method", "post", "action", action, "class", "inline");
        csrf(h, session);
        h.element("button", label, "type", "submit", "class", "danger", "data-action", dataAction);
        h.close("form");
        h.close("td");
    }
}
