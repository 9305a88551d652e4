package dev.warren.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestGuardTest {
    private static final String ORIGIN = "https://relay.test:8443";
    private final RequestGuard guard = new RequestGuard(ORIGIN);
    private final DashboardSessions.Session session = new DashboardSessions.Session("A".repeat(43), "u_1",
            "csrf-token-of-the-session-" + "x".repeat(17), Instant.now(), Instant.now().plus(Duration.ofHours(8)),
            "0123456789abcdef");

    @Test
    void acceptsOwnOriginWithToken() {
        assertThat(guard.refusalOfChange(ORIGIN, null, session, session.csrfToken())).isEmpty();
        assertThat(guard.refusalOfChange(null, ORIGIN + "/ui/grants", session, session.csrfToken())).isEmpty();
    }

    @Test
    void refusesForgedRequests() {
        assertThat(guard.refusalOfChange("https://evil.test", null, session, session.csrfToken())).get().asString().contains("origin");
        assertThat(guard.refusalOfChange(null, "https://relay.test:8443.evil.test/x", session, session.csrfToken())).isPresent();
        assertThat(guard.refusalOfChange(null, null, session, session.csrfToken())).isPresent();
        assertThat(guard.refusalOfChange(ORIGIN, null, session, null)).get().asString().contains("CSRF");
        assertThat(guard.refusalOfChange(ORIGIN, null, null, "x")).get().asString().contains("signed in");
    }

    @Test
    void signInFormIsCheckedByOriginAlone() {
        assertThat(guard.refusalOfOrigin(ORIGIN, null)).isEmpty();
        assertThat(guard.refusalOfOrigin(null, ORIGIN + "/ui/login")).isEmpty();
        assertThat(guard.refusalOfOrigin("https://evil.test", ORIGIN + "/ui/login")).get().asString()
                .isEqualTo("origin https://evil.test is not " + ORIGIN);
        assertThat(guard.refusalOfOrigin(null, "https://relay.test:8443.evil.test/ui/login")).isPresent();
        assertThat(guard.refusalOfOrigin(null, null)).isPresent();
    }

    @Test
    void headers() {
        assertThat(RequestGuard.securityHeaders(true)).containsEntry("Cache-Control", "no-store").containsEntry("X-Frame-Options", "DENY");
        assertThat(RequestGuard.CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
    }

    @Test
    void plainHttpOnLoopbackOnly() {
        assertThat(RequestGuard.requireLoopback(new InetSocketAddress("127.0.0.1", 8080))).isNotNull();
        assertThat(RequestGuard.requireLoopback(new InetSocketAddress("::1", 8080))).isNotNull();
        assertThatThrownBy(() -> RequestGuard.requireLoopback(new InetSocketAddress("0.0.0.0", 8080))).hasMessageContaining("loopback");
        assertThatThrownBy(() -> RequestGuard.requireLoopback(InetSocketAddress.createUnresolved("example.org", 8080))).hasMessageContaining("refused");
    }
}
