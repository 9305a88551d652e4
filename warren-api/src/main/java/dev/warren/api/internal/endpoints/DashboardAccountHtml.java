package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.csrf;
import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import dev.warren.store.User;
import java.util.Map;

/** The account page: who is signed in and how, and the form to change one's own password (every role's own). */
final class DashboardAccountHtml {
    private DashboardAccountHtml() {}

    /**
     * @param problems the last attempt's problems by field ({@link DashboardPasswordHtml}); empty: none
     * @param changed  the password was just changed: say so
     */
    static String page(Principal who, DashboardSessions.Session session, User user, Map<String, String> problems,
            boolean changed) {
        Html h = head("Your account");
        nav(h, who, session, "account");
        h.open("main", "id", "account");
        h.element("h1", "Your account");
        if (changed) {
            h.element("p", "Your password was changed. Sessions signed in with the old one were signed out.",
                    "class", "notice", "role", "status", "id", "account-notice");
        }
        h.open("dl", "class", "facts", "id", "account-facts");
        fact(h, "Name", user.name());
        fact(h, "Role", user.role().name().toLowerCase());
        fact(h, "Signed in with", session.byPassword() ? "your password" : "API token " + session.tokenId());
        fact(h, "Password", user.hasPassword() ? "set at " + time(user.passwordChangedAt()) : "none");
        h.close("dl");
        h.element("h2", user.hasPassword() ? "Change your password" : "Set a password", "id", "password-title");
        if (!user.hasPassword()) {
            h.element("p", "You have no password yet: you signed in with an API token. With a password you sign in"
                    + " with your name instead.", "class", "hint");
        }
        h.open("form", "method", "post", "action", DashboardAccount.PATH + "/password", "id",
                "account-password-form", "class", "fields-form narrow");
        csrf(h, session);
        DashboardPasswordHtml.fields(h, user.name(), user.hasPassword(), problems);
        h.element("button", user.hasPassword() ? "Change password" : "Set password", "type", "submit",
                "data-action", "change-password");
        h.close("form");
        h.element("p", "Changing it signs out every session signed in with the old one (this one stays signed in);"
                + " sessions signed in with an API token stay.", "class", "hint");
        h.close("main");
        return tail(h);
    }

    private static void fact(Html h, String name, String value) {
        h.element("dt", name);
        h.element("dd", value);
    }
}
