package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.RelayExtension;
import io.netty.handler.codec.http.HttpMethod;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard on a real relay's HTTPS port (the same port agents, operators and the REST API use): sign in with
 * the admin's API token, see a device enrolled through the real enrollment flow, its hostile label escaped; a restart
 * keeps the session (the embedded store keeps it).
 */
@Timeout(90)
class DashboardOnRelayTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Test
    void aRelayRestartKeepsTheDashboardSessionOfTheEmbeddedStore() {
        DashboardHttp http = new DashboardHttp(relay.get());
        String cookie = DashboardHttp.cookie(http.loginWithToken(relay.get().adminToken()));
        relay.get().restart();
        HttpResponse<String> page = http.get("/ui/devices", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("admin (admin)");
    }

    @Test
    void signInOverTlsAndSeeAnEnrolledDeviceWithItsLabelEscaped() throws Exception {
        relay.get().enroll("plc-ui", relay.newDir("agent"));
        relay.get().admin(HttpMethod.PATCH, "/api/v1/devices/plc-ui",
                Map.of("labels", Map.of("note", "<img src=x onerror=alert(1)>")), 200);
        DashboardHttp http = new DashboardHttp(relay.get());

        HttpResponse<String> login = http.loginWithToken(relay.get().adminToken());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(List.of(setCookie.split("; "))).contains("Path=/ui/", "Secure", "HttpOnly", "SameSite=Strict");

        HttpResponse<String> page = http.get("/ui/devices", DashboardHttp.cookie(login));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        assertThat(page.body()).contains(">plc-ui<").contains("note=&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<img");

        HttpResponse<String> anonymous = http.get("/ui/devices", null);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).contains("/ui/login");
    }
}
