package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.AuthResult;
import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.internal.AttemptLimiter;
import dev.warren.api.internal.http.ApiRequest;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Dispatcher;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * The dashboard's sign-in and sign-out (docs/DASHBOARD.md): sign-in by pasting an API token, which is checked once
 * by the API's own {@link dev.warren.api.auth.TokenAuthenticator} and then replaced by a server-side session
 * ({@link DashboardSessions}; cookie {@code HttpOnly; Secure; SameSite=Strict; Path=/ui/}). The pages themselves are
 * in the {@code Dashboard*} classes of each area; what they share is in {@link DashboardRequests}.
 */
final class DashboardEndpoints {
    /** More live sessions than this refuse new sign-ins: a bound on memory, far above any real use. */
    static final int MAX_SESSIONS = 10_000;
    private static final int MAX_TOKEN_CHARS = 512;

    private final ApiContext context;
    private final AuditTrail audit;
    private final DashboardRequests requests;
    private final DashboardSessions sessions;

    DashboardEndpoints(ApiContext context, AuditTrail audit, DashboardRequests requests) {
        this.context = context;
        this.audit = audit;
        this.requests = requests;
        this.sessions = requests.sessions();
    }

    /** {@code GET /ui}: to the devices, or to sign-in. */
    Reply home(Call call) {
        return DashboardRequests.redirect(requests.signedIn(call.request()).isPresent() ? "/ui/devices" : "/ui/login",
                null);
    }

    Reply loginForm(Call call) {
        return DashboardRequests.page(HttpResponseStatus.OK, DashboardPages.login(null), null);
    }

    /** {@code POST /ui/login} with the form field {@code token}. */
    Reply login(Call call) {
        ApiRequest r = call.request();
        Optional<String> foreign = DashboardRequests.guard(r).refusalOfOrigin(r.header(HttpHeaderNames.ORIGIN),
                r.header(HttpHeaderNames.REFERER));
        if (foreign.isPresent()) {
            return DashboardRequests.refused(r, null, HttpResponseStatus.FORBIDDEN,
                    "sign-in refused: " + foreign.get());
        }
        String token = DashboardRequests.form(r).get("token");
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return loginRefused(r, HttpResponseStatus.BAD_REQUEST, "token: missing or longer than "
                    + MAX_TOKEN_CHARS + " characters (expected: an API token wat1.<id>.<secret>)");
        }
        Optional<Duration> blocked = context.tokens().retryAfter(r.source());
        if (blocked.isPresent()) {
            return loginRefused(r, HttpResponseStatus.TOO_MANY_REQUESTS, "too many failed attempts from "
                    + r.source() + "; retry in " + AttemptLimiter.seconds(blocked.get()) + " s");
        }
        AuthResult result = context.tokens().authenticate(token.strip(), r.source());
        if (result instanceof AuthResult.Refused refusal) {
            audit.record(audit.event("anonymous", "dashboard.login").source(r.source()).refused(refusal.reason()));
            return loginRefused(r, HttpResponseStatus.UNAUTHORIZED, "sign-in refused: " + refusal.reason());
        }
        Principal p = ((AuthResult.Ok) result).principal();
        sessions.purge();
        if (sessions.size() >= MAX_SESSIONS) {
            return loginRefused(r, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many dashboard sessions ("
                    + MAX_SESSIONS + "); sign-in refused until some expire");
        }
        // a sign-in never keeps a session id the browser already had (fixation): that one ends, a new one starts
        sessions.end(DashboardRequests.cookie(r));
        DashboardSessions.Session s = sessions.create(p.userId(), p.tokenId());
        audit.record(audit.event(p.name(), "dashboard.login").source(r.source()).detail("credential", p.credential()));
        return DashboardRequests.redirect("/ui/devices", DashboardRequests.sessionCookie(s.id()));
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
        return DashboardRequests.redirect("/ui/login", DashboardRequests.clearedCookie());
    }

    private Reply loginRefused(ApiRequest r, HttpResponseStatus status, String reason) {
        Dispatcher.refused(r, null, status, reason);
        return DashboardRequests.page(status, DashboardPages.login(reason), null);
    }
}
