package dev.warren.api.internal.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.api.ApiContext;
import dev.warren.api.auth.Principal;
import dev.warren.api.dashboard.DashboardSessions;
import dev.warren.api.dashboard.Html;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every dashboard page and action shares: who is signed in (the session cookie, re-checked against the store on
 * each request), the Origin and CSRF checks of a change, an admin's action run through the REST API's own endpoint,
 * and the replies (an HTML page, a redirect, a refusal).
 */
final class DashboardRequests {
    private static final Logger log = LoggerFactory.getLogger(DashboardRequests.class);
    static final String COOKIE = "warren_ui";
    /**
     * The cookie of the plain-HTTP loopback listener: another name, so that it and the TLS port's {@code Secure}
     * cookie (cookies are per host, not per port) never overwrite each other.
     */
    static final String LOOPBACK_COOKIE = "warren_ui_local";
    static final String CSRF_FIELD = "csrf";
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);

    private final ApiContext context;
    private final DashboardSessions sessions;

    /** A request's signed-in user: the session and who it is now, as the store says. */
    record SignedIn(DashboardSessions.Session session, Principal principal) {}

    /**
     * A page (or fragment) for a signed-in user, or an admin's action (its page, or {@code null} to go back); an
     * {@link ApiException} becomes an HTML refusal with the same status and message.
     */
    interface Page {
        Reply render(SignedIn who) throws Exception;
    }

    DashboardRequests(ApiContext context) {
        this.context = context;
        this.sessions = new DashboardSessions(context.store().webSessions(), context.clock(), IDLE, ABSOLUTE);
    }

    DashboardSessions sessions() {
        return sessions;
    }

    /** Renders {@code page} for the signed-in user; without a session, to the sign-in form. */
    Reply signedInPage(Call call, Page page) {
        Optional<SignedIn> who = signedIn(call.request());
        if (who.isEmpty()) {
            return redirect("/ui/login", null);
        }
        return render(call.request(), who.get(), page);
    }

    /** {@link #signedInPage} for pages only admins and auditors may read, as the REST API's: 403 for operators. */
    Reply readersPage(Call call, String what, Page page) {
        return signedInPage(call, onlyFor(call, Lookups::seesEverything, "ADMIN or AUDITOR", what, page));
    }

    /** {@link #signedInPage} for pages only admins may see: 403 for auditors and operators. */
    Reply adminPage(Call call, String what, Page page) {
        return signedInPage(call, onlyFor(call, Principal::isAdmin, "ADMIN", what, page));
    }

    /** The one role guard: {@code page} for the users {@code allowed}, 403 naming {@code roles} for anyone else. */
    private static Page onlyFor(Call call, Predicate<Principal> allowed, String roles, String what, Page page) {
        return who -> allowed.test(who.principal()) ? page.render(who) : refused(call.request(), who.principal(),
                HttpResponseStatus.FORBIDDEN, "role " + who.principal().role() + " may not " + what + " (needs "
                + roles + ")");
    }

    /**
     * Renders {@code page} (a fragment or JSON that a page's script fetches) for the signed-in user, without pushing
     * the session's idle deadline: a page left open does not keep its session alive. Without a session, 401 with no
     * body: the script reloads the page, which leads to the sign-in form.
     */
    Reply signedInFragment(Call call, Page page) {
        Optional<SignedIn> who = sessions.peek(cookie(call.request())).flatMap(this::stillValid);
        if (who.isEmpty()) {
            return reply(HttpResponseStatus.UNAUTHORIZED, null, "text/plain; charset=utf-8", null);
        }
        return render(call.request(), who.get(), page);
    }

    /** {@link #signedInFragment} of a page only admins and auditors may read: 403 for operators. */
    Reply readersFragment(Call call, String what, Page page) {
        return signedInFragment(call, onlyFor(call, Lookups::seesEverything, "ADMIN or AUDITOR", what, page));
    }

    /** {@link #signedInFragment} of a page only admins may see: 403 for auditors and operators. */
    Reply adminFragment(Call call, String what, Page page) {
        return signedInFragment(call, onlyFor(call, Principal::isAdmin, "ADMIN", what, page));
    }

    /**
     * Runs {@code action} after the same-origin and CSRF checks and the admin check (auditors and operators: 403);
     * the endpoint's own refusals become an HTML page with the same status and message.
     */
    Reply adminAction(Call call, String what, Page action, String back) {
        return action(call, what, Principal::isAdmin, "ADMIN", action, back);
    }

    /**
     * {@link #adminAction} for a change the users {@code allowed} may make ({@code roles} names them in the
     * refusal; others: 403).
     */
    Reply action(Call call, String what, Predicate<Principal> allowed, String roles, Page action, String back) {
        ApiRequest r = call.request();
        Optional<SignedIn> who = signedIn(r);
        Optional<String> refusal = checkChange(r, who);
        if (refusal.isPresent()) {
            return refused(r, who.map(SignedIn::principal).orElse(null), HttpResponseStatus.FORBIDDEN, refusal.get());
        }
        Reply reply = render(r, who.get(), onlyFor(call, allowed, roles, what, action));
        return reply != null ? reply : redirect(back, null);
    }

    private static Reply render(ApiRequest r, SignedIn who, Page page) {
        try {
            return page.render(who);
        } catch (ApiException e) {
            return withHeaders(refused(r, who.principal(), e.status(), e.getMessage()), e.headers());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(r.method() + " " + r.path() + " failed", e);
        }
    }

    /**
     * The session of the request's cookie, if it is live and what it was signed in with still holds: the user exists
     * and is enabled, and the API token it was signed in with is neither revoked nor expired, or the password it was
     * signed in with is still the user's. Otherwise the session ends. The idle deadline moves forward.
     */
    Optional<SignedIn> signedIn(ApiRequest r) {
        return sessions.touch(cookie(r)).flatMap(this::stillValid);
    }

    private Optional<SignedIn> stillValid(DashboardSessions.Session s) {
        Optional<User> user = context.store().users().byId(s.userId());
        Optional<String> ended = user.isEmpty() ? Optional.of("the user no longer exists") : whyEnded(s, user.get());
        if (ended.isPresent()) {
            sessions.end(s.id());
            log.info("dashboard session of user {} ({}) ended: {}", user.map(User::name).orElse(s.userId()),
                    s.byPassword() ? "password" : "token " + s.tokenId(), ended.get());
            return Optional.empty();
        }
        User u = user.get();
        Principal p = s.byPassword() ? Principal.byPassword(u.id(), u.name(), u.role())
                : new Principal(u.id(), u.name(), u.role(), s.tokenId());
        return Optional.of(new SignedIn(s, p));
    }

    /** Why the session may no longer be used, or empty. */
    private Optional<String> whyEnded(DashboardSessions.Session s, User u) {
        if (u.disabled()) {
            return Optional.of("user disabled");
        }
        if (s.byPassword()) {
            // a new password ends the password sessions in the same transaction; a removed one leaves none to check
            return u.hasPassword() ? Optional.empty() : Optional.of("the user's password was removed");
        }
        Optional<ApiToken> token = context.store().users().tokenById(s.tokenId());
        if (token.isEmpty() || token.get().revokedAt() != null) {
            return Optional.of("API token " + s.tokenId() + " revoked");
        }
        return token.get().isUsable(context.clock().instant()) ? Optional.empty()
                : Optional.of("API token " + s.tokenId() + " expired");
    }

    /** Why a state-changing request must be refused (foreign origin, no session, wrong CSRF token), or empty. */
    Optional<String> checkChange(ApiRequest r, Optional<SignedIn> who) {
        return guard(r).refusalOfChange(r.header(HttpHeaderNames.ORIGIN), r.header(HttpHeaderNames.REFERER),
                who.map(SignedIn::session).orElse(null), form(r).get(CSRF_FIELD));
    }

    /**
     * The dashboard's own origin for this request: a browser sets {@code Host} to the address it was asked to open,
     * so a cross-site form post carries the relay's Host but a foreign Origin. The relay's port serves only TLS
     * ({@code https://}); the loopback listener only plain HTTP ({@code http://}), and only to loopback names (its
     * dispatcher refuses any other Host first, see {@link RequestGuard#refusalOfLoopbackHost}).
     */
    static RequestGuard guard(ApiRequest r) {
        String host = r.header(HttpHeaderNames.HOST);
        return new RequestGuard((r.loopbackHttp() ? "http://" : "https://") + (host == null ? "" : host));
    }

    /**
     * The cookie that carries a new session: never readable by scripts, never sent cross-site, and {@code Secure} on
     * the TLS port (a browser keeps no {@code Secure} cookie from a plain-HTTP page, so the loopback listener's has
     * no such flag and another name).
     */
    static String sessionCookie(ApiRequest r, String sessionId) {
        return cookieName(r) + "=" + sessionId + "; Path=/ui/; " + (r.loopbackHttp() ? "" : "Secure; ")
                + "HttpOnly; SameSite=Strict";
    }

    /** The cookie that clears the session cookie. */
    static String clearedCookie(ApiRequest r) {
        return cookieName(r) + "=; Path=/ui/; Max-Age=0; " + (r.loopbackHttp() ? "" : "Secure; ")
                + "HttpOnly; SameSite=Strict";
    }

    private static String cookieName(ApiRequest r) {
        return r.loopbackHttp() ? LOOPBACK_COOKIE : COOKIE;
    }

    /** The one log line of a refusal a page shows itself (rather than as a refusal page). */
    static void logRefusal(ApiRequest r, Principal p, ApiException e) {
        Dispatcher.refused(r, p, e.status(), e.logReason());
    }

    static Reply refused(ApiRequest r, Principal p, HttpResponseStatus status, String reason) {
        Dispatcher.refused(r, p, status, reason);
        return page(status, DashboardPages.refused(DashboardPages.title(status.code()), reason), null);
    }

    /**
     * The HTML page of a refusal the router, dispatcher or connection handler made under {@code /ui} (an unknown path:
     * 404, a wrong method: 405 with {@code Allow}, a malformed request: 400, a body too large: 413, a failure: 500
     * with its incident number), already logged where it was made.
     */
    static Reply errorPage(String path, ApiException e) {
        return withHeaders(page(e.status(), DashboardPages.refused(DashboardPages.title(e.status().code()),
                e.getMessage()), null), e.headers());
    }

    /**
     * {@code page} with the headers of the refusal it shows ({@code Retry-After} of a 429, {@code Allow} of a 405), as
     * the API's own answer would carry them.
     */
    static Reply withHeaders(Reply page, Map<String, String> refusalHeaders) {
        if (refusalHeaders.isEmpty()) {
            return page;
        }
        Map<String, String> headers = new LinkedHashMap<>(page.headers());
        headers.putAll(refusalHeaders);
        return new Reply(page.status(), page.json(), headers);
    }

    /** The {@code Retry-After} header of a 429 that ends after {@code retryAfter}. */
    static Map<String, String> retryAfter(Duration retryAfter) {
        return Map.of("Retry-After", Long.toString(AttemptLimiter.seconds(retryAfter)));
    }

    /** A piece of a page (elements with ids) that the page's script puts in place of the same elements. */
    static Reply fragment(Html h) {
        return reply(HttpResponseStatus.OK, h.toString().getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8",
                null);
    }

    static Reply page(HttpResponseStatus status, String html, String setCookie) {
        return reply(status, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", setCookie);
    }

    /** A reply of the dashboard: its security headers, never cached. */
    static Reply reply(HttpResponseStatus status, byte[] body, String contentType, String setCookie) {
        Map<String, String> headers = new LinkedHashMap<>(RequestGuard.securityHeaders(true));
        headers.put("Content-Type", contentType);
        if (setCookie != null) {
            headers.put("Set-Cookie", setCookie);
        }
        return new Reply(status, body, headers);
    }

    static Reply redirect(String location, String setCookie) {
        Map<String, String> headers = new LinkedHashMap<>(RequestGuard.securityHeaders(true));
        headers.put("Location", location);
        if (setCookie != null) {
            headers.put("Set-Cookie", setCookie);
        }
        return new Reply(HttpResponseStatus.SEE_OTHER, null, headers);
    }

    static String cookie(ApiRequest r) {
        String header = r.header(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        String name = cookieName(r);
        for (Cookie c : ServerCookieDecoder.STRICT.decode(header)) {
            if (name.equals(c.name())) {
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

    /** A whole number from a form field, within {@code min..max}; 400 otherwise. */
    static int number(Map<String, String> form, String field, int min, int max) {
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

    /** The same call, made by {@code p}: what the REST endpoints' visibility rules read. */
    static Call as(Call call, Principal p) {
        return new Call(call.request(), call.params(), p);
    }

    static Reply json(Object value) {
        return reply(HttpResponseStatus.OK, Json.write(value), "application/json; charset=utf-8", null);
    }

    /** The call as the REST endpoint expects it: the same request with a JSON body, by {@code admin}. */
    static Call asApi(Call call, JsonNode body, Map<String, String> params, Principal admin) {
        ApiRequest r = call.request();
        ApiRequest json = new ApiRequest(r.method(), r.path(), r.segments(), r.query(), r.headers(),
                body == null ? new byte[0] : Json.write(body), r.source(), r.peerCertificate(), r.loopbackHttp());
        return new Call(json, params, admin);
    }
}
