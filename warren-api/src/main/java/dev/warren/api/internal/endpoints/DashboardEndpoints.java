package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.AuthResult;
import dev.warren.api.auth.PasswordAuthenticator;
import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.internal.AttemptLimiter;
import dev.warren.api.internal.http.ApiRequest;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Dispatcher;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.User;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard's sign-in and sign-out (docs/DASHBOARD.md): sign-in with a user name and password
 * ({@link PasswordAuthenticator}) or by pasting an API token (the API's own {@link dev.warren.api.auth.TokenAuthenticator}),
 * checked once and then replaced by a server-side session ({@link DashboardSessions}; cookie
 * {@code HttpOnly; Secure; SameSite=Strict; Path=/ui/}). The pages themselves are in the {@code Dashboard*} classes of
 * each area; what they share is in {@link DashboardRequests}.
 */
final class DashboardEndpoints {
    /** More live sessions than this refuse new sign-ins: a bound on the table, far above any real use. */
    static final int MAX_SESSIONS = 10_000;
    private static final int MAX_TOKEN_CHARS = 512;

    private final ApiContext context;
    private final AuditTrail audit;
    private final DashboardRequests requests;
    private final DashboardSessions sessions;
    private final PasswordAuthenticator passwords;

    DashboardEndpoints(ApiContext context, AuditTrail audit, DashboardRequests requests,
            PasswordAuthenticator passwords) {
        this.context = context;
        this.audit = audit;
        this.requests = requests;
        this.sessions = requests.sessions();
        this.passwords = passwords;
    }

    /** {@code GET /ui}: to the devices, or to sign-in. */
    Reply home(Call call) {
        return DashboardRequests.redirect(requests.signedIn(call.request()).isPresent() ? "/ui/devices" : "/ui/login",
                null);
    }

    Reply loginForm(Call call) {
        return DashboardRequests.page(HttpResponseStatus.OK, DashboardPages.login(null), null);
    }

    /**
     * {@code POST /ui/login} with the form fields {@code user} and {@code password}, or {@code token}. The Origin must
     * be the dashboard's own (login CSRF).
     */
    Reply login(Call call) {
        ApiRequest r = call.request();
        Optional<String> foreign = DashboardRequests.guard(r).refusalOfOrigin(r.header(HttpHeaderNames.ORIGIN),
                r.header(HttpHeaderNames.REFERER));
        if (foreign.isPresent()) {
            return DashboardRequests.refused(r, null, HttpResponseStatus.FORBIDDEN,
                    "sign-in refused: " + foreign.get());
        }
        Map<String, String> form = DashboardRequests.form(r);
        if (form.containsKey("token")) {
            return tokenLogin(r, form.get("token"));
        }
        if (form.containsKey("user") || form.containsKey("password")) {
            return passwordLogin(r, form.getOrDefault("user", ""), form.getOrDefault("password", ""));
        }
        return loginRefused(r, HttpResponseStatus.BAD_REQUEST, "sign-in: no credentials (expected: a user name and"
                + " password, or an API token)");
    }

    private Reply tokenLogin(ApiRequest r, String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return loginRefused(r, HttpResponseStatus.BAD_REQUEST, "token: missing or longer than "
                    + MAX_TOKEN_CHARS + " characters (expected: an API token wat1.<id>.<secret>)");
        }
        Optional<Duration> blocked = context.tokens().retryAfter(r.source());
        if (blocked.isPresent()) {
            return loginLimited(r, "too many failed attempts from " + r.source() + "; retry in "
                    + AttemptLimiter.seconds(blocked.get()) + " s", blocked.get());
        }
        AuthResult result = context.tokens().authenticate(token.strip(), r.source());
        if (result instanceof AuthResult.Refused refusal) {
            audit.record(audit.event("anonymous", "dashboard.login").source(r.source()).detail("credential", "token")
                    .refused(refusal.reason()));
            return loginRefused(r, HttpResponseStatus.UNAUTHORIZED, "sign-in refused: " + refusal.reason());
        }
        return signedIn(r, ((AuthResult.Ok) result).principal(), null);
    }

    private Reply passwordLogin(ApiRequest r, String user, String password) {
        PasswordAuthenticator.Result result = passwords.authenticate(user, password, r.source());
        if (result instanceof PasswordAuthenticator.Refused refusal) {
            // the typed name is kept only when it names a user: it may be a password typed into the wrong field
            audit.record(audit.event("anonymous", "dashboard.login").source(r.source()).subject(refusal.user())
                    .detail("credential", "password").refused(refusal.reason()));
            // nothing typed comes back (a password typed into the name field would): the same page for every name
            return refusal.retryAfter() != null ? loginLimited(r, "sign-in refused: " + refusal.reason(),
                    refusal.retryAfter()) : loginRefused(r, HttpResponseStatus.UNAUTHORIZED, "sign-in refused: "
                    + refusal.reason());
        }
        PasswordAuthenticator.Ok ok = (PasswordAuthenticator.Ok) result;
        return signedIn(r, ok.principal(), ok.passwordSetAt());
    }

    /**
     * Starts the session of a user who just proved who they are ({@code passwordSetAt}: when the password they
     * proved it with was set; {@code null} for an API token), ending the one the browser had.
     */
    private Reply signedIn(ApiRequest r, Principal p, Instant passwordSetAt) {
        sessions.purge();
        if (sessions.size() >= MAX_SESSIONS) {
            return loginRefused(r, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many dashboard sessions ("
                    + MAX_SESSIONS + "); sign-in refused until some expire");
        }
        // a sign-in never keeps a session id the browser already had (fixation): that one ends, a new one starts
        sessions.end(DashboardRequests.cookie(r));
        DashboardSessions.Session s = sessions.create(p.userId(), p.tokenId());
        if (passwordSetAt != null && !passwordStill(p.userId(), passwordSetAt)) {
            // the password changed while it was being checked; the change ended the sessions it found, not this one
            sessions.end(s.id());
            audit.record(audit.event("anonymous", "dashboard.login").source(r.source()).subject(p.name())
                    .detail("credential", "password").refused("the password changed during the sign-in"));
            return loginRefused(r, HttpResponseStatus.UNAUTHORIZED, "sign-in refused: the password changed during"
                    + " the sign-in; sign in again");
        }
        audit.record(audit.event(p.name(), "dashboard.login").source(r.source()).detail("credential", p.credential()));
        return DashboardRequests.redirect("/ui/devices", DashboardRequests.sessionCookie(r, s.id()));
    }

    private boolean passwordStill(String userId, Instant passwordSetAt) {
        return context.store().users().byId(userId).map(User::passwordChangedAt)
                .filter(at -> Objects.equals(at, passwordSetAt)).isPresent();
    }

    /** {@code POST /ui/logout}: ends the session (same origin and CSRF token required) and clears the cookie. */
    Reply logout(Call call) {
        ApiRequest r = call.request();
        Optional<DashboardRequests.SignedIn> who = requests.signedIn(r);
        Optional<String> refusal = requests.checkChange(r, who);
        if (refusal.isPresent()) {
            return DashboardRequests.refused(r, who.map(DashboardRequests.SignedIn::principal).orElse(null),
                    HttpResponseStatus.FORBIDDEN, refusal.get());
        }
        sessions.end(who.get().session().id());
        audit.record(audit.event(who.get().principal().name(), "dashboard.logout").source(r.source()));
        return DashboardRequests.redirect("/ui/login", DashboardRequests.clearedCookie(r));
    }

    /** The sign-in page again, with why. */
    private Reply loginRefused(ApiRequest r, HttpResponseStatus status, String reason) {
        Dispatcher.refused(r, null, status, reason);
        return DashboardRequests.page(status, DashboardPages.login(reason), null);
    }

    /** A sign-in refused for too many failures: 429, with the {@code Retry-After} the API's own 429 carries. */
    private Reply loginLimited(ApiRequest r, String reason, Duration retryAfter) {
        return DashboardRequests.withHeaders(loginRefused(r, HttpResponseStatus.TOO_MANY_REQUESTS, reason),
                DashboardRequests.retryAfter(retryAfter));
    }
}
