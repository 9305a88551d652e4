package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.PasswordAuthenticator;
import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.ApiRequest;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Dispatcher;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.User;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The signed-in user's own account ({@code GET /ui/account}) and the change of their own password
 * ({@code POST /ui/account/password}): the current password is checked as {@code PUT /api/v1/users/me/password}
 * checks it (the sign-in's own {@link PasswordAuthenticator}: one Argon2id run, the same failure limits per source and
 * per name; the same audit event when refused), then the change is exactly {@code PUT /api/v1/users/me/password} (its rules, audit event, and the end of the user's password
 * sessions). Every signed-in user, auditors too: an auditor changes nothing on the relay, but their password is theirs.
 */
final class DashboardAccount {
    static final String PATH = "/ui/account";

    private final ApiContext context;
    private final DashboardRequests requests;
    private final UserEndpoints users;

    DashboardAccount(ApiContext context, DashboardRequests requests, UserEndpoints users) {
        this.context = context;
        this.requests = requests;
        this.users = users;
    }

    /** {@code GET /ui/account[?changed=password]}: who is signed in, how, and the password form. */
    Reply page(Call call) {
        boolean changed = "password".equals(call.request().query().getOrDefault("changed", java.util.List.of(""))
                .getFirst());
        return requests.signedInPage(call, who -> page(who, Map.of(), changed, HttpResponseStatus.OK));
    }

    /**
     * {@code POST /ui/account/password} (form: {@code current} when the user has a password, {@code password},
     * {@code repeat}): same origin, CSRF token, any signed-in user. A wrong current password is refused as a wrong
     * sign-in is (and counted with them); when the browser's session was signed in with the old password, the change
     * ends it with the others and this browser gets a new one.
     */
    Reply changePassword(Call call) {
        Map<String, String> form = DashboardRequests.form(call.request());
        return requests.action(call, "change a password", p -> true, "any signed-in user",
                who -> change(call, who, form), PATH);
    }

    private Reply change(Call call, DashboardRequests.SignedIn who, Map<String, String> form) {
        ApiRequest r = call.request();
        Principal p = who.principal();
        User user = context.store().users().byId(p.userId()).orElseThrow(() -> Lookups.noUser(p.name()));
        Map<String, String> problems = new LinkedHashMap<>();
        HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
        Map<String, String> refusalHeaders = Map.of();
        if (user.hasPassword()) {
            try {
                users.checkCurrent(DashboardRequests.as(call, p), user, form.getOrDefault("current", ""));
            } catch (ApiException e) {
                status = e.status(); // 403 wrong, 429 too many failures (with its Retry-After)
                refusalHeaders = e.headers();
                problems.put("current", e.getMessage());
            }
        }
        String mismatch = DashboardPasswordHtml.mismatch(form);
        if (problems.isEmpty() && mismatch != null) {
            problems.put("repeat", mismatch);
        }
        if (!problems.isEmpty()) {
            Dispatcher.refused(r, p, status, problems.values().iterator().next());
            return DashboardRequests.withHeaders(page(who, problems, false, status), refusalHeaders);
        }
        User changed;
        try {
            changed = users.changePassword(DashboardRequests.asApi(call, Json.MAPPER.createObjectNode().put("password",
                    form.getOrDefault("password", "")), Map.of("user", Lookups.ME), p), true);
        } catch (ApiException e) {
            DashboardRequests.logRefusal(r, p, e);
            return DashboardRequests.withHeaders(page(who, Map.of(e.status().code() == 400 ? "password"
                    : DashboardPasswordHtml.WHOLE, e.getMessage()), false, e.status()), e.headers());
        }
        String done = PATH + "?changed=password";
        if (!who.session().byPassword()) {
            return DashboardRequests.redirect(done, null); // a token's session stays; it ends with its token
        }
        // the change ended this browser's session with the user's other password sessions: it proved the password
        DashboardSessions.Session fresh = requests.sessions().create(p.userId(), null);
        if (!Objects.equals(context.store().users().byId(p.userId()).map(User::passwordChangedAt).orElse(null),
                changed.passwordChangedAt())) {
            requests.sessions().end(fresh.id()); // changed again meanwhile, by someone else: sign in with that one
            return DashboardRequests.redirect("/ui/login", DashboardRequests.clearedCookie(r));
        }
        return DashboardRequests.redirect(done, DashboardRequests.sessionCookie(r, fresh.id()));
    }

    private Reply page(DashboardRequests.SignedIn who, Map<String, String> problems, boolean changed,
            HttpResponseStatus status) {
        User user = context.store().users().byId(who.principal().userId())
                .orElseThrow(() -> Lookups.noUser(who.principal().name()));
        return DashboardRequests.page(status, DashboardAccountHtml.page(who.principal(), who.session(), user,
                problems, changed), null);
    }
}
