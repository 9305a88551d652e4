package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.csrf;
import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;
import static dev.warren.api.internal.endpoints.DashboardPages.urlSegment;

import dev.warren.api.auth.Passwords;
import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The users page: every user (role, state, password or not, API tokens) and every API token (never a secret but the
 * one just issued, shown once); an admin gets the create form and the buttons, others neither.
 */
final class DashboardUsersHtml {
    private DashboardUsersHtml() {}

    /** A secret shown once, after it was issued: what it is, the secret, when it expires. */
    record Shown(String what, String secret, Instant expiresAt) {}

    static String page(Principal who, DashboardSessions.Session session, List<UserEndpoints.Listed> users,
            Instant now, Shown shown) {
        Html h = head("Users");
        nav(h, who, session, "users");
        h.open("main");
        h.element("h1", "Users");
        if (shown != null) {
            h.open("section", "class", "created", "role", "status", "id", "new-secret");
            h.element("p", shown.what() + ", valid until " + time(shown.expiresAt())
                    + " (shown once; copy it now):");
            h.element("code", shown.secret(), "class", "secret");
            h.close("section");
        }
        if (who.isAdmin()) {
            createForm(h, session);
        }
        h.open("div", "id", "users-live", "data-live", LIVE);
        live(h, who, session, users, now);
        h.close("div");
        h.close("main");
        DashboardPages.scripts(h, false);
        return tail(h);
    }

    /** Where the page's script asks for {@link #live} again. */
    static final String LIVE = "/ui/live/users";

    /**
     * What changes while the page is open: the count ({@code #users-count}), the users ({@code #users-table}) and the
     * API tokens ({@code #api-tokens-table}).
     */
    static void live(Html h, Principal who, DashboardSessions.Session session, List<UserEndpoints.Listed> users,
            Instant now) {
        DashboardTable.liveList(h, "users", DashboardTable.count(users.size(), "user", "users"));
        List<String> columns = new ArrayList<>(List.of("Name", "Role", "State", "Password", "API tokens", "Created"));
        if (who.isAdmin()) {
            columns.add("");
        }
        DashboardTable t = DashboardTable.start(h, "users", "users", columns);
        for (UserEndpoints.Listed listed : users) {
            Views.UserView u = listed.user();
            String state = u.disabled() ? "disabled" : "enabled";
            long active = listed.tokens().stream().filter(token -> state(token, now).equals("active")).count();
            t.row("data-user", u.name(), "data-user-id", u.id(), "data-state", state, "class", state);
            t.cell(u.name(), "class", "name");
            t.cell(u.role().toLowerCase());
            t.cell(state);
            t.cell(listed.hasPassword() ? "set" : "—", "title", listed.hasPassword() ? "set at "
                    + time(u.passwordSetAt()) : "no password: signs in with an API token");
            t.cell(active + " active of " + listed.tokens().size(), "class", "number");
            t.cell(time(u.createdAt()), "class", "time");
            if (who.isAdmin()) {
                userActions(t, session, u, listed.hasPassword());
            }
            t.endRow();
        }
        t.end();
        h.close("div");
        tokens(h, who, session, users, now);
    }

    private static void createForm(Html h, DashboardSessions.Session session) {
        h.element("h2", "New user");
        h.open("form", "method", "post", "action", "/ui/users", "class", "filter create", "id", "user-form");
        csrf(h, session);
        h.open("span", "class", "pair");
        h.element("label", "Name", "for", "new-user-name");
        h.empty("input", "type", "text", "id", "new-user-name", "name", "name", "required", "required", "maxlength",
                "63", "autocomplete", "off", "spellcheck", "false");
        h.close("span");
        h.open("span", "class", "pair");
        h.element("label", "Role", "for", "new-user-role");
        h.open("select", "id", "new-user-role", "name", "role");
        for (String role : List.of("operator", "auditor", "admin")) {
            h.element("option", role, "value", role);
        }
        h.close("select");
        h.close("span");
        h.open("span", "class", "pair");
        h.element("label", "Token valid for (days)", "for", "new-user-days");
        h.empty("input", "type", "number", "id", "new-user-days", "name", "days", "required", "required", "min", "1",
                "max", Integer.toString(DashboardUsers.MAX_TOKEN_DAYS), "value",
                Integer.toString(DashboardUsers.DEFAULT_TOKEN_DAYS));
        h.close("span");
        h.element("button", "Create user", "type", "submit", "data-action", "create-user");
        h.close("form");
    }

    private static void userActions(DashboardTable t, DashboardSessions.Session session, Views.UserView u,
            boolean hasPassword) {
        String base = "/ui/users/" + urlSegment(u.name());
        Html h = t.open("class", "actions");
        h.open("form", "method", "post", "action", base + (u.disabled() ? "/enable" : "/disable"), "class", "inline");
        csrf(h, session);
        if (u.disabled()) {
            h.element("button", "Enable", "type", "submit", "data-action", "enable");
        } else {
            h.element("button", "Disable", "type", "submit", "class", "danger", "data-action", "disable");
        }
        h.close("form");
        h.open("form", "method", "post", "action", base + "/tokens", "class", "inline");
        csrf(h, session);
        h.empty("input", "type", "number", "name", "days", "min", "1", "max",
                Integer.toString(DashboardUsers.MAX_TOKEN_DAYS), "value",
                Integer.toString(DashboardUsers.DEFAULT_TOKEN_DAYS), "required", "required", "class", "days",
                "aria-label", "Days the new API token of " + u.name() + " is valid");
        h.element("button", "New token", "type", "submit", "data-action", "issue-token");
        h.close("form");
        // one's own password is changed on the account page, which asks for the current one (as PUT .../password does)
        boolean own = u.id().equals(session.userId());
        h.element("a", hasPassword ? "New password…" : "Set password…", "href", own ? DashboardAccount.PATH
                : base + "/password", "class", "button", "data-action", "set-password");
        if (hasPassword) {
            h.open("form", "method", "post", "action", base + "/password/remove", "class", "inline");
            csrf(h, session);
            if (own) { // removing one's own proves it, as DELETE .../password asks
                h.empty("input", "type", "password", "name", "current", "autocomplete", "current-password",
                        "required", "required", "maxlength", Integer.toString(Passwords.MAX_LENGTH),
                        "aria-label", "Your current password", "placeholder", "current password");
            }
            h.element("button", "Remove password", "type", "submit", "class", "danger", "data-action",
                    "remove-password");
            h.close("form");
        }
        h.close("td");
    }

    /** An admin's form that sets {@code user}'s password, with the problems of the last attempt. */
    static String passwordPage(Principal who, DashboardSessions.Session session, Views.UserView user,
            Map<String, String> problems) {
        Html h = head("Password of " + user.name());
        nav(h, who, session, "users");
        h.open("main", "id", "user-password", "data-user", user.name());
        h.element("h1", "Password of " + user.name());
        h.element("p", (user.passwordSetAt() == null ? user.name() + " has no password yet."
                : user.name() + "'s password was set at " + time(user.passwordSetAt()) + ".") + " With one, "
                + user.name() + " signs in to the dashboard with their name. Setting it signs out their sessions"
                + " signed in with a password; those signed in with an API token stay. Tell them the password by a"
                + " safe way; they can change it on their account page.", "class", "hint");
        h.open("form", "method", "post", "action", "/ui/users/" + urlSegment(user.name()) + "/password", "id",
                "password-form", "class", "fields-form narrow");
        csrf(h, session);
        DashboardPasswordHtml.fields(h, user.name(), false, problems);
        h.element("button", "Set password", "type", "submit", "data-action", "set-password");
        h.close("form");
        h.open("p").element("a", "Back to the users", "href", "/ui/users").close("p");
        h.close("main");
        return tail(h);
    }

    private static void tokens(Html h, Principal who, DashboardSessions.Session session,
            List<UserEndpoints.Listed> users, Instant now) {
        h.element("h2", "API tokens");
        h.open("div", "id", "api-tokens-table");
        List<String> columns = new ArrayList<>(List.of("User", "Id", "Created", "Expires", "Last used", "State"));
        if (who.isAdmin()) {
            columns.add("");
        }
        DashboardTable table = DashboardTable.start(h, "api-tokens", "api-tokens", columns);
        for (UserEndpoints.Listed listed : users) {
            for (Views.TokenView t : listed.tokens()) {
                String state = state(t, now);
                table.row("data-token-id", t.id(), "data-user", listed.user().name(), "data-state", state,
                        "class", state);
                table.cell(listed.user().name());
                table.cell(t.id(), "class", "labels");
                table.cell(time(t.createdAt()), "class", "time");
                table.cell(t.expiresAt() == null ? "never" : time(t.expiresAt()), "class", "time");
                table.cell(time(t.lastUsedAt()), "class", "time");
                table.cell(state);
                if (who.isAdmin()) {
                    if (state.equals("revoked")) {
                        table.cell("", "class", "actions");
                    } else {
                        DashboardPages.actionCell(table, session, "/ui/tokens/" + urlSegment(t.id()) + "/revoke",
                                "Revoke", "revoke");
                    }
                }
                table.endRow();
            }
        }
        table.end();
        h.close("div");
    }

    static String state(Views.TokenView t, Instant now) {
        if (t.revokedAt() != null) {
            return "revoked";
        }
        return t.expiresAt() != null && !now.isBefore(t.expiresAt()) ? "expired" : "active";
    }
}
