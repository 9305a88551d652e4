package dev.warren.api.internal.endpoints;

import static dev.warren.api.internal.endpoints.DashboardPages.actionCell;
import static dev.warren.api.internal.endpoints.DashboardPages.csrf;
import static dev.warren.api.internal.endpoints.DashboardPages.field;
import static dev.warren.api.internal.endpoints.DashboardPages.head;
import static dev.warren.api.internal.endpoints.DashboardPages.nav;
import static dev.warren.api.internal.endpoints.DashboardPages.tail;
import static dev.warren.api.internal.endpoints.DashboardPages.time;
import static dev.warren.api.internal.endpoints.DashboardPages.urlSegment;

import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
import java.time.Instant;
import java.util.List;

/** Enrollment tokens (admins only): the list, the create form, and a new token shown once. */
final class DashboardEnrollTokensHtml {
    private DashboardEnrollTokensHtml() {}

    /** {@code created} (may be null) is shown once, with its secret. */
    static String enrollTokens(Principal who, DashboardSessions.Session session, List<Views.EnrollTokenView> tokens,
            Views.CreatedEnrollToken created, Instant now) {
        Html h = head("Enrollment tokens");
        nav(h, who, session, "enroll-tokens");
        h.open("main");
        h.element("h1", "Enrollment tokens");
        if (created != null) {
            h.open("section", "class", "created", "role", "status");
            h.element("p", "New enrollment token " + created.id() + " (shown once; copy it now):");
            h.element("code", created.token(), "class", "secret");
            h.close("section");
        }
        h.open("form", "method", "post", "action", "/ui/enroll-tokens", "class", "filter create");
        csrf(h, session);
        field(h, "hours", "Valid for (hours)", "number", "1");
        field(h, "uses", "Uses", "number", "1");
        h.open("span", "class", "pair");
        h.element("label", "Description", "for", "description");
        h.empty("input", "type", "text", "id", "description", "name", "description", "maxlength", "200");
        h.close("span");
        h.element("button", "Create", "type", "submit");
        h.close("form");
        h.open("div", "id", "enroll-tokens-live", "data-live", LIVE);
        live(h, session, tokens, now);
        h.close("div");
        h.close("main");
        DashboardPages.scripts(h, false);
        return tail(h);
    }

    /** {@code revoked}, {@code expired}, {@code used} (every use spent) or {@code usable}. */
    static String state(Views.EnrollTokenView t, Instant now) {
        if (t.revoked()) {
            return "revoked";
        }
        if (!now.isBefore(t.expiresAt())) {
            return "expired";
        }
        return t.uses() >= t.maxUses() ? "used" : "usable";
    }

    /** Where the page's script asks for {@link #live} again. */
    static final String LIVE = "/ui/live/enroll-tokens";

    /**
     * What changes while the page is open: the count ({@code #enroll-tokens-count}) and the table
     * ({@code #enroll-tokens-table}: new tokens, uses, revocations).
     */
    static void live(Html h, DashboardSessions.Session session, List<Views.EnrollTokenView> tokens, Instant now) {
        DashboardTable.liveList(h, "enroll-tokens", DashboardTable.count(tokens.size(), "enrollment token",
                "enrollment tokens"));
        if (tokens.isEmpty()) {
            h.element("p", "No enrollment token yet.", "class", "empty");
        } else {
            DashboardTable table = DashboardTable.start(h, "enroll-tokens", "enroll-tokens", List.of("Id",
                    "Description", "Created by", "Expires", "Used", "State", ""));
            for (Views.EnrollTokenView t : tokens) {
                String state = state(t, now);
                table.row("data-token-id", t.id(), "data-state", state, "class", state);
                table.cell(t.id(), "class", "labels");
                table.cell(t.description() == null ? "—" : t.description());
                table.cell(t.createdBy());
                table.cell(time(t.expiresAt()), "class", "time");
                table.cell(t.uses() + " of " + t.maxUses(), "class", "number");
                table.cell(state);
                if (!state.equals("usable")) {
                    table.cell("", "class", "actions");
                } else {
                    actionCell(table, session, "/ui/enroll-tokens/" + urlSegment(t.id()) + "/revoke", "Revoke",
                            "revoke");
                }
                table.endRow();
            }
            table.end();
        }
        h.close("div");
    }
}
