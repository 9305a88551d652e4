package dev.warren.api.dashboard;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's request-level checks, kept free of Netty so that they are easy to test: the Origin check and
 * the synchronizer-token check of every state-changing request, the security headers of every page, and the
 * refusal of a plain-HTTP listener that is not bound to loopback.
 */
public final class RequestGuard {
    /** No inline scripts or styles, nothing from elsewhere, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)";
    /** 127.0.0.0/8 written as a dotted quad. */
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

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

    /**
     * Why a request to the plain-HTTP loopback listener must be refused for its {@code Host}, or empty: only loopback
     * names ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}, with any port). A page of another site whose name
     * its owner points at 127.0.0.1 (DNS rebinding) would otherwise be same-origin with the answers it gets.
     */
    public static Optional<String> refusalOfLoopbackHost(String host) {
        if (host == null || host.isBlank()) {
            return Optional.of("no Host header (expected: localhost, 127.0.0.1 or [::1], as the browser was asked to"
                    + " open)");
        }
        String name = host;
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') == name.lastIndexOf(':') && name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        if (name.equalsIgnoreCase("localhost") || name.equals("::1") || LOOPBACK_V4.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("Host " + (host.length() > 100 ? host.substring(0, 100) + "…" : host) + " is not a"
                + " loopback name (expected: localhost, 127.0.0.1 or [::1]: the plain-HTTP dashboard answers only"
                + " requests addressed to this machine)");
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
