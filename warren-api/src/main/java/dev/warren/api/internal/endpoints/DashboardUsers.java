package dev.warren.api.internal.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.Html;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.util.Map;

/**
 * The dashboard's users ({@code GET /ui/users}: admins and auditors, as {@code GET /api/v1/users}) and an admin's
 * changes: create a user with a role (their first API token shown once), disable, enable, issue another API token
 * (shown once), revoke a token. Each change is a POST checked by {@link DashboardRequests#adminAction} and then runs
 * the REST endpoint's own code ({@link UserEndpoints}), with its checks, refusals and audit events.
 */
final class DashboardUsers {
    static final int DEFAULT_TOKEN_DAYS = (int) (UserEndpoints.DEFAULT_TOKEN_TTL / 86_400);
    static final int MAX_TOKEN_DAYS = (int) (UserEndpoints.MAX_TOKEN_TTL / 86_400);

    private final DashboardRequests requests;
    private final UserEndpoints users;
    private final Clock clock;

    DashboardUsers(DashboardRequests requests, UserEndpoints users, Clock clock) {
        this.requests = requests;
        this.users = users;
        this.clock = clock;
    }

    /** {@code GET /ui/users}: every user and their API tokens; admins also get the forms and buttons. */
    Reply page(Call call) {
        return requests.readersPage(call, "list users", who -> page(who, null));
    }

    /** {@code GET /ui/live/users}: the page's live part ({@link DashboardUsersHtml#live}), admins and auditors. */
    Reply live(Call call) {
        return requests.readersFragment(call, "list users", who -> {
            Html h = new Html();
            DashboardUsersHtml.live(h, who.principal(), who.session(), users.directory(), clock.instant());
            return DashboardRequests.fragment(h);
        });
    }

    /**
     * {@code POST /ui/users} (form: name, role, days): exactly {@code POST /api/v1/users} with {@code tokenTtlSeconds}
     * = days × 86400; the answer is the page itself, showing the new user's API token once.
     */
    Reply create(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "create a user", who -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("name", form.getOrDefault("name", "").strip());
            body.put("role", form.getOrDefault("role", "").strip());
            body.put("tokenTtlSeconds", 86_400L * DashboardRequests.number(form, "days", 1, MAX_TOKEN_DAYS));
            Views.CreatedUser created = users.createUser(DashboardRequests.asApi(call, body, Map.of(),
                    who.principal()));
            return page(who, new DashboardUsersHtml.Shown("New user " + created.name() + " (" + created.role()
                    .toLowerCase() + ") and their API token " + created.tokenId(), created.token(),
                    created.tokenExpiresAt()));
        }, "/ui/users");
    }

    /** {@code POST /ui/users/{user}/disable}: exactly {@code POST /api/v1/users/{user}/disable}. */
    Reply disable(Call call) {
        return requests.adminAction(call, "disable a user", who -> {
            users.disable(userCall(call, who.principal()));
            return null;
        }, "/ui/users");
    }

    /** {@code POST /ui/users/{user}/enable}: exactly {@code POST /api/v1/users/{user}/enable}. */
    Reply enable(Call call) {
        return requests.adminAction(call, "enable a user", who -> {
            users.enable(userCall(call, who.principal()));
            return null;
        }, "/ui/users");
    }

    /**
     * {@code POST /ui/users/{user}/tokens} (form: days): exactly {@code POST /api/v1/users/{user}/tokens}; the answer
     * is the page itself, showing the token once.
     */
    Reply issueToken(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "issue an API token", who -> {
            ObjectNode body = Json.MAPPER.createObjectNode()
                    .put("ttlSeconds", 86_400L * DashboardRequests.number(form, "days", 1, MAX_TOKEN_DAYS));
            Views.CreatedToken created = users.issueToken(DashboardRequests.asApi(call, body,
                    Map.of("user", call.param("user")), who.principal()));
            return page(who, new DashboardUsersHtml.Shown("New API token " + created.id() + " of "
                    + call.param("user"), created.token(), created.expiresAt()));
        }, "/ui/users");
    }

    /** {@code POST /ui/tokens/{id}/revoke}: exactly {@code DELETE /api/v1/tokens/{id}} (its live connections end). */
    Reply revokeToken(Call call) {
        return requests.adminAction(call, "revoke an API token", who -> {
            users.revokeToken(new Call(call.request(), Map.of("id", call.param("id")), who.principal()));
            return null;
        }, "/ui/users");
    }

    /** {@code GET /ui/users/{user}/password}: the form that sets a user's password (admins only). */
    Reply passwordForm(Call call) {
        return requests.adminPage(call, "set a password", who -> passwordPage(who, call, Map.of(),
                HttpResponseStatus.OK));
    }

    /**
     * {@code POST /ui/users/{user}/password} (form: password, repeat): exactly {@code PUT /api/v1/users/{user}/password}
     * (its rules, the end of the user's password sessions, audit {@code user.password.set}); a refused password comes
     * back as the form with the problem next to its field (nothing typed is put back).
     */
    Reply setPassword(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "set a password", who -> {
            String mismatch = DashboardPasswordHtml.mismatch(form);
            if (mismatch != null) {
                DashboardRequests.logRefusal(call.request(), who.principal(), ApiException.badRequest(mismatch));
                return passwordPage(who, call, Map.of("repeat", mismatch), HttpResponseStatus.BAD_REQUEST);
            }
            try {
                users.changePassword(DashboardRequests.asApi(call, Json.MAPPER.createObjectNode().put("password",
                        form.getOrDefault("password", "")), Map.of("user", call.param("user")), who.principal()), false);
            } catch (ApiException e) {
                if (e.status().code() != 400) {
                    throw e; // an unknown user: the refusal page
                }
                DashboardRequests.logRefusal(call.request(), who.principal(), e);
                return passwordPage(who, call, Map.of("password", e.getMessage()), e.status());
            }
            return null;
        }, "/ui/users");
    }

    /**
     * {@code POST /ui/users/{user}/password/remove} (form: {@code current} for the admin's own): exactly {@code DELETE
     * /api/v1/users/{user}/password} (409 when the user has none; one's own only with the current password; audit
     * {@code user.password.remove}).
     */
    Reply removePassword(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.adminAction(call, "remove a password", who -> {
            String current = form.get("current");
            users.removePassword(DashboardRequests.asApi(call, current == null ? null
                    : Json.MAPPER.createObjectNode().put("current", current), Map.of("user", call.param("user")),
                    who.principal()));
            return null;
        }, "/ui/users");
    }

    private Reply passwordPage(DashboardRequests.SignedIn who, Call call, Map<String, String> problems,
            HttpResponseStatus status) {
        Views.UserView user = Views.UserView.of(users.lookup(DashboardRequests.as(call, who.principal()),
                call.param("user")));
        if (user.id().equals(who.principal().userId())) {
            // one's own password is changed on the account page, which asks for the current one
            return DashboardRequests.redirect(DashboardAccount.PATH, null);
        }
        return DashboardRequests.page(status, DashboardUsersHtml.passwordPage(who.principal(), who.session(), user,
                problems), null);
    }

    private Reply page(DashboardRequests.SignedIn who, DashboardUsersHtml.Shown shown) {
        return DashboardRequests.page(HttpResponseStatus.OK, DashboardUsersHtml.page(who.principal(), who.session(),
                users.directory(), clock.instant(), shown), null);
    }

    private static Call userCall(Call call, Principal admin) {
        return DashboardRequests.asApi(call, null, Map.of("user", call.param("user")), admin);
    }
}
