package dev.warren.api.dashboard;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dashboard's request-level checks, kept free of Netty so that they are easy to test: the Origin check and
 * the synchronizer-token check of every state-changing request, the security headers of every page, and the
 * refusal of a plain-HTTP listener that is not bound to loopback.
 */
public final class RequestGuard {
    /** No inline scripts or styles, nothing from elsewhere, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final String expectedOrigin;

    /** @param expectedOrigin the dashboard's own origin, such as {@code https://relay.example:8443} */
    public RequestGuard(String expectedOrigin) {
        this.expectedOrigin = Objects.requireNonNull(expectedOrigin, "expectedOrigin");
    }

    /**
     * Why a state-changing request must be refused, or empty if it may run: the Origin header (or, when a browser
     * sends none, the Referer) must be the dashboard's own, and the submitted token must be the session's.
     */
    public Optional<String> refusalOfChange(String origin, String referer, DashboardSessions.Session session, String submittedToken) {
        Optional<String> foreign = refusalOfOrigin(origin, referer);
        if (foreign.isPresent()) {
            return foreign;
        }
        if (session == null) {
            return Optional.of("not signed in");
        }
        if (!session.csrfMatches(submittedToken)) {
            return Optional.of("missing or wrong CSRF token");
        }
        return Optional.empty();
    }

    /**
     * Why a request must be refused for where it comes from, or empty: the Origin header (or, without one, the
     * Referer) must be the dashboard's own. The sign-in form, which has no session yet, is checked with this alone.
     */
    public Optional<String> refusalOfOrigin(String origin, String referer) {
        if (origin != null) {
            if (!origin.equals(expectedOrigin)) {
                return Optional.of("origin " + origin + " is not " + expectedOrigin);
            }
        } else if (referer == null || !(referer.equals(expectedOrigin) || referer.startsWith(expectedOrigin + "/"))) {
            return Optional.of("neither Origin nor a Referer from " + expectedOrigin);
        }
        return Optional.empty();
    }

    /** Headers for every dashboard reply; pages with data are never cached. */
    public static Map<String, String> securityHeaders(boolean holdsData) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.put("X-Frame-Options", "DENY");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "same-origin");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cache-Control", holdsData ? "no-store" : "public, max-age=86400");
        return h;
    }

    /** Refuses a plain-HTTP listener on anything but a loopback address: cookies and passwords would cross a network in clear. */
    public static InetSocketAddress requireLoopback(InetSocketAddress bind) {
        if (bind.isUnresolved() || !bind.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("--dashboard-listen " + bind.getHostString() + ":" + bind.getPort()
                    + " refused: plain HTTP is served on a loopback address only (use the relay's HTTPS port otherwise)");
        }
        return bind;
    }
}
