package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.audit.Audit;
import dev.warren.api.auth.AuthResult;
import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.RequestGuard;
import dev.warren.api.internal.AttemptLimiter;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.ApiRequest;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Dispatcher;
import dev.warren.api.internal.http.Json;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.ApiToken;
import dev.warren.store.User;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web dashboard under {@code /ui/} (docs/DASHBOARD.md): sign-in by pasting an API token, which is checked once
 * by the API's own {@link dev.warren.api.auth.TokenAuthenticator} and then replaced by a server-side session
 * ({@link DashboardSessions}; cookie {@code HttpOnly; Secure; SameSite=Strict; Path=/ui/}). Each request re-reads the
 * session's user and token from the store, so disabling the user or revoking the token ends the session at once.
 * Every state-changing request passes {@link RequestGuard} (same Origin and the session's CSRF token).
 */
final class DashboardEndpoints {
    static final String COOKIE = "warren_ui";
    static final String CSRF_FIELD = "csrf";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    /** More live sessions than this refuse new sign-ins: a bound on memory, far above any real use. */
    static final int MAX_SESSIONS = 10_000;
    private static final int MAX_TOKEN_CHARS = 512;

    private final ApiContext context;
    private final AuditTrail audit;
    private final DeviceEndpoints devices;
    private final SessionEndpoints liveSessions;
    private final GrantEndpoints grants;
    private final EnrollTokenEndpoints enrollTokens;
    private final DashboardSessions sessions;
    private final byte[] css;

    /** A request's signed-in user: the session and who it is now, as the store says. */
    record SignedIn(DashboardSessions.Session session, Principal principal) {}

    DashboardEndpoints(ApiContext context, AuditTrail audit, DeviceEndpoints devices, SessionEndpoints liveSessions,
            GrantEndpoints grants, EnrollTokenEndpoints enrollTokens) {
        this.grants = grants;
        this.enrollTokens = enrollTokens;
        this.context = context;
        this.audit = audit;
        this.devices = devices;
        this.liveSessions = liveSessions;
        this.sessions = new DashboardSessions(context.clock(), IDLE, ABSOLUTE);
        this.css = resource("warren.css");
    }

    /** {@code GET /ui}: to the devices, or to sign-in. */
    Reply home(Call call) {
        return redirect(signedIn(call.request()).isPresent() ? "/ui/devices" : "/ui/login", null);
    }

    Reply loginForm(Call call) {
        return page(HttpResponseStatus.OK, DashboardPages.login(null), null);
    }

    /** {@code POST /ui/login} with the form field {@code token}. */
    Reply login(Call call) {
        ApiRequest r = call.request();
        Optional<String> foreign = guard(r).refusalOfOrigin(r.header(HttpHeaderNames.ORIGIN),
                r.header(HttpHeaderNames.REFERER));
        if (foreign.isPresent()) {
            return refused(r, null, HttpResponseStatus.FORBIDDEN, "sign-in refused: " + foreign.get());
        }
        String token = form(r).get("token");
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
        sessions.end(cookie(r));
        DashboardSessions.Session s = sessions.create(p.userId(), p.role().name(), p.tokenId());
        audit.record(audit.event(p.name(), "dashboard.login").source(r.source()).detail("credential", p.credential()));
        return redirect("/ui/devices", COOKIE + "=" + s.id() + "; Path=/ui/; Secure; HttpOnly; SameSite=Strict");
    }

    /** {@code POST /ui/logout}: ends the session (same origin and CSRF token required) and clears the cookie. */
    Reply logout(Call call) {
        ApiRequest r = call.request();
        Optional<SignedIn> who = signedIn(r);
        Optional<String> refusal = checkChange(r, who);
        if (refusal.isPresent()) {
            return refused(r, who.map(SignedIn::principal).orElse(null), HttpResponseStatus.FORBIDDEN, refusal.get());
        }
        sessions.end(who.get().session().id());
        audit.record(audit.event(who.get().principal().name(), "dashboard.logout").source(r.source()));
        return redirect("/ui/login", COOKIE + "=; Path=/ui/; Max-Age=0; Secure; HttpOnly; SameSite=Strict");
    }

    /**
     * {@code GET /ui/devices?q=&state=}: what {@code GET /api/v1/devices} lets the same user see, filtered by
     * {@link DeviceFilter} (search in names and labels, online or offline only).
     */
    Reply devicesPage(Call call) {
        Optional<SignedIn> who = signedIn(call.request());
        if (who.isEmpty()) {
            return redirect("/ui/login", null);
        }
        DeviceFilter filter = DeviceFilter.of(call.request().query());
        List<Views.DeviceView> visible = devices.visibleTo(who.get().principal());
        return page(HttpResponseStatus.OK, DashboardPages.devices(who.get().principal(), who.get().session(), filter,
                visible.size(), visible.stream().filter(filter::matches).toList()), null);
    }

    /** {@code GET /ui/sessions}: the live sessions the user may see; admins get a "cut" button on each. */
    Reply sessionsPage(Call call) {
        Optional<SignedIn> who = signedIn(call.request());
        if (who.isEmpty()) {
            return redirect("/ui/login", null);
        }
        List<Views.SessionView> open = liveSessions.open(who.get().principal(), SessionEndpoints.MAX_LIMIT);
        return page(HttpResponseStatus.OK, DashboardPages.sessions(who.get().principal(), who.get().session(), open),
                null);
    }

    /**
     * {@code POST /ui/sessions/{id}/cut}: same origin, CSRF token, admin only; then exactly what
     * {@code DELETE /api/v1/sessions/{id}} does (including its audit event and refusals).
     */
    Reply cutSession(Call call) {
        return adminAction(call, "cut a session", p -> {
            liveSessions.cut(new Call(call.request(), Map.of("id", call.param("id")), p));
            return null;
        }, "/ui/sessions");
    }

    /** {@code GET /ui/grants}: the live grants the user may see; admins get the create form and revoke buttons. */
    Reply grantsPage(Call call) {
        Optional<SignedIn> who = signedIn(call.request());
        if (who.isEmpty()) {
            return redirect("/ui/login", null);
        }
        List<Views.GrantView> live = grants.live(who.get().principal(), GrantEndpoints.MAX_LIMIT);
        return page(HttpResponseStatus.OK, DashboardPages.grants(who.get().principal(), who.get().session(), live),
                null);
    }

    /**
     * {@code POST /ui/grants} (form: user, device, service, minutes, reason): exactly {@code POST /api/v1/grants}
     * with {@code ttlSeconds} = minutes × 60, its checks, refusals and audit event.
     */
    Reply createGrant(Call call) {
        Map<String, String> form = form(call.request());
        return adminAction(call, "create a grant", p -> {
            var body = Json.MAPPER.createObjectNode();
            for (String field : List.of("user", "device", "service", "reason")) {
                String value = form.get(field);
                if (value != null && !value.isBlank()) {
                    body.put(field, value.strip());
                }
            }
            String minutes = form.getOrDefault("minutes", "").strip();
            if (!minutes.matches("[0-9]{1,6}")) {
                throw ApiException.badRequest("minutes: '" + Redaction.redact(minutes)
                        + "' (expected: a whole number of minutes, 1.." + GrantEndpoints.MAX_TTL / 60 + ")");
            }
            body.put("ttlSeconds", Long.parseLong(minutes) * 60);
            ApiRequest r = call.request();
            ApiRequest asApi = new ApiRequest(r.method(), r.path(), r.segments(), r.query(), r.headers(),
                    Json.write(body), r.source(), r.peerCertificate());
            grants.create(new Call(asApi, Map.of(), p));
            return null;
        }, "/ui/grants");
    }

    /** {@code POST /ui/grants/{id}/revoke}: exactly {@code DELETE /api/v1/grants/{id}}, admin only. */
    Reply revokeGrant(Call call) {
        return adminAction(call, "revoke a grant", p -> {
            grants.revoke(new Call(call.request(), Map.of("id", call.param("id")), p));
            return null;
        }, "/ui/grants");
    }

    /** {@code GET /ui/enroll-tokens}: admins only, as {@code GET /api/v1/enroll-tokens}. */
    Reply enrollTokensPage(Call call) {
        Optional<SignedIn> who = signedIn(call.request());
        if (who.isEmpty()) {
            return redirect("/ui/login", null);
        }
        Principal p = who.get().principal();
        if (!p.isAdmin()) {
            return refused(call.request(), p, HttpResponseStatus.FORBIDDEN, "role " + p.role()
                    + " may not see enrollment tokens (needs ADMIN)");
        }
        return page(HttpResponseStatus.OK, DashboardPages.enrollTokens(p, who.get().session(), enrollTokens.all(),
                null), null);
    }

    /**
     * {@code POST /ui/enroll-tokens} (form: hours, uses, description): exactly {@code POST /api/v1/enroll-tokens};
     * the answer is the page itself, showing the new token once (never cached: {@code no-store}).
     */
    Reply createEnrollToken(Call call) {
        Map<String, String> form = form(call.request());
        return adminAction(call, "create an enrollment token", p -> {
            int hours = bounded(form, "hours", 1, EnrollTokenEndpoints.MAX_TTL_SECONDS / 3600);
            int uses = bounded(form, "uses", 1, EnrollTokenEndpoints.MAX_USES);
            Views.CreatedEnrollToken created = enrollTokens.issue(new Call(call.request(), Map.of(), p), hours * 3600,
                    uses, form.get("description"));
            return page(HttpResponseStatus.OK, DashboardPages.enrollTokens(p, signedIn(call.request()).orElseThrow()
                    .session(), enrollTokens.all(), created), null);
        }, "/ui/enroll-tokens");
    }

    /** {@code POST /ui/enroll-tokens/{id}/revoke}: exactly {@code DELETE /api/v1/enroll-tokens/{id}}, admin only. */
    Reply revokeEnrollToken(Call call) {
        return adminAction(call, "revoke an enrollment token", p -> {
            enrollTokens.revoke(new Call(call.request(), Map.of("id", call.param("id")), p));
            return null;
        }, "/ui/enroll-tokens");
    }

    private static int bounded(Map<String, String> form, String field, int min, int max) {
        String value = form.getOrDefault(field, "").strip();
        if (value.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw ApiException.badRequest(field + ": '" + Redaction.redact(value) + "' (expected: a whole number, " + min
                + ".." + max + ")");
    }

    /** An admin's action through the API's own endpoint; its page, or {@code null} to go back to the list. */
    private interface AdminAction {
        Reply run(Principal admin) throws Exception;
    }

    /**
     * Runs {@code action} after the same-origin and CSRF checks and the admin check (auditors and operators: 403);
     * the endpoint's own refusals become an HTML page with the same status and message.
     */
    private Reply adminAction(Call call, String what, AdminAction action, String back) {
        ApiRequest r = call.request();
        Optional<SignedIn> who = signedIn(r);
        Optional<String> refusal = checkChange(r, who);
        Principal p = who.map(SignedIn::principal).orElse(null);
        if (refusal.isPresent()) {
            return refused(r, p, HttpResponseStatus.FORBIDDEN, refusal.get());
        }
        if (!p.isAdmin()) {
            return refused(r, p, HttpResponseStatus.FORBIDDEN, "role " + p.role() + " may not " + what
                    + " (needs ADMIN)");
        }
        Reply reply;
        try {
            reply = action.run(p);
        } catch (ApiException e) {
            return refused(r, p, e.status(), e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed", e);
        }
        return reply != null ? reply : redirect(back, null);
    }

    Reply stylesheet(Call call) {
        Map<String, String> headers = new LinkedHashMap<>(RequestGuard.securityHeaders(false));
        headers.put("Content-Type", "text/css; charset=utf-8");
        return new Reply(HttpResponseStatus.OK, css, headers);
    }

    /**
     * The session of the request's cookie, if it is live and its user and token still are: a disabled user, a
     * revoked or expired token, ends it.
     */
    Optional<SignedIn> signedIn(ApiRequest r) {
        Optional<DashboardSessions.Session> found = sessions.touch(cookie(r));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DashboardSessions.Session s = found.get();
        Instant now = context.clock().instant();
        Optional<ApiToken> token = s.credentialId() == null ? Optional.empty()
                : context.store().users().tokenById(s.credentialId());
        Optional<User> user = context.store().users().byId(s.userId());
        if (token.isEmpty() || token.get().revokedAt() != null
                || (token.get().expiresAt() != null && !now.isBefore(token.get().expiresAt()))
                || user.isEmpty() || user.get().disabled()) {
            sessions.end(s.id());
            return Optional.empty();
        }
        User u = user.get();
        return Optional.of(new SignedIn(s, new Principal(u.id(), u.name(), u.role(), s.credentialId())));
    }

    /** Why a state-changing request must be refused (foreign origin, no session, wrong CSRF token), or empty. */
    Optional<String> checkChange(ApiRequest r, Optional<SignedIn> who) {
        return guard(r).refusalOfChange(r.header(HttpHeaderNames.ORIGIN), r.header(HttpHeaderNames.REFERER),
                who.map(SignedIn::session).orElse(null), form(r).get(CSRF_FIELD));
    }

    /**
     * The relay serves its API, and so the dashboard, only over TLS; a browser sets {@code Host} to the address it
     * was asked to open, so a cross-site form post carries the relay's Host but a foreign Origin.
     */
    private static RequestGuard guard(ApiRequest r) {
        String host = r.header(HttpHeaderNames.HOST);
        return new RequestGuard("https://" + (host == null ? "" : host));
    }

    private Reply loginRefused(ApiRequest r, HttpResponseStatus status, String reason) {
        Dispatcher.refused(r, null, status, reason);
        return page(status, DashboardPages.login(reason), null);
    }

    private static Reply refused(ApiRequest r, Principal p, HttpResponseStatus status, String reason) {
        Dispatcher.refused(r, p, status, reason);
        return page(status, DashboardPages.refused("Refused", reason), null);
    }

    static Reply page(HttpResponseStatus status, String html, String setCookie) {
        Map<String, String> headers = new LinkedHashMap<>(RequestGuard.securityHeaders(true));
        headers.put("Content-Type", "text/html; charset=utf-8");
        if (setCookie != null) {
            headers.put("Set-Cookie", setCookie);
        }
        return new Reply(status, html.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Reply redirect(String location, String setCookie) {
        Map<String, String> headers = new LinkedHashMap<>(RequestGuard.securityHeaders(true));
        headers.put("Location", location);
        if (setCookie != null) {
            headers.put("Set-Cookie", setCookie);
        }
        return new Reply(HttpResponseStatus.SEE_OTHER, null, headers);
    }

    private static String cookie(ApiRequest r) {
        String header = r.header(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
            if (COOKIE.equals(c.name())) {
                return c.value();
            }
        }
        return null;
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body; the first value of each. */
    static Map<String, String> form(ApiRequest r) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (r.body() == null || r.body().length == 0) {
            return fields;
        }
        try {
            new QueryStringDecoder(new String(r.body(), StandardCharsets.UTF_8), StandardCharsets.UTF_8, false)
                    .parameters().forEach((k, v) -> {
                        if (!v.isEmpty()) {
                            fields.put(k, v.get(0));
                        }
                    });
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
        return fields;
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardEndpoints.class.getResourceAsStream("/dev/warren/api/dashboard/" + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource missing from the jar: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
