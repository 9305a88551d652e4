package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.Device;
import dev.warren.store.Role;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on the relay's plain-HTTP loopback listener ({@code --dashboard-listen}, {@link
 * RestApi#installLoopbackDashboard}): the origin is {@code http://} + Host and still checked, with the CSRF token, on
 * every change; the cookie has another name and no {@code Secure}; only loopback Host names are answered (DNS
 * rebinding); only the dashboard is served, not the REST API.
 */
class DashboardLoopbackListenerTest extends DashboardTestBase {
    private ApiServer local;

    @BeforeEach
    void startLoopbackListener() throws Exception {
        local = ApiServer.loopbackDashboard(store, ca);
    }

    @AfterEach
    void stopLoopbackListener() {
        local.close();
    }

    @Override
    String dashboardUrl() {
        return "http://127.0.0.1:" + local.port();
    }

    @Override
    String origin() {
        return "http://127.0.0.1:" + local.port();
    }

    private RawHttp.Response raw(String request) throws Exception {
        try (RawHttp http = new RawHttp(local.port())) {
            return http.send(request).read();
        }
    }

    @Test
    void signingInGivesAnHttpOnlyStrictCookieWithoutSecureUnderItsOwnName() {
        HttpResponse<String> r = login(adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("warren_ui_local=[A-Za-z0-9_-]{43}; .*");
        assertThat(List.of(setCookie.split("; "))).contains("Path=/ui/", "HttpOnly", "SameSite=Strict")
                .doesNotContain("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> page = get("/ui/devices", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertHtmlPage(page);

        String token = csrf(page.body());
        HttpResponse<String> out = postSameOrigin("/ui/logout", cookie, "csrf=" + token);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("warren_ui_local=; ")
                .contains("Max-Age=0").doesNotContain("Secure");
        assertThat(get("/ui/devices", cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void theOriginMustBeThisListenersOwnAndTheCsrfTokenIsStillRequired() {
        Device d = newDevice("loop", Map.of());
        String cookie = signIn(adminToken);
        String token = csrf(get("/ui/devices/" + d.name(), cookie).body());
        String path = "/ui/devices/" + d.name() + "/disable";

        HttpResponse<String> https = send("POST", path, cookie, "csrf=" + token, Map.of("Origin", "https://127.0.0.1:"
                + local.port()));
        assertThat(https.statusCode()).as("the TLS port's origin is another origin").isEqualTo(403);
        assertThat(https.body()).contains("is not http://127.0.0.1:" + local.port());
        assertThat(send("POST", path, cookie, "csrf=" + token, Map.of("Origin", "http://evil.example")).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", path, cookie, "csrf=" + token, Map.of()).statusCode()).as("no Origin, no Referer")
                .isEqualTo(403);
        assertThat(postSameOrigin(path, cookie, "").statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(store.devices().byId(d.id()).orElseThrow().disabled()).isFalse();

        HttpResponse<String> done = postSameOrigin(path, cookie, "csrf=" + token);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(store.devices().byId(d.id()).orElseThrow().disabled()).isTrue();
        assertThat(audit("device.disable", d.id())).hasSize(1);

        String auditor = signIn(tokenFor(Role.AUDITOR));
        assertThat(postSameOrigin("/ui/devices/" + d.name() + "/enable", auditor, "csrf=" + csrf(get("/ui/devices",
                auditor).body())).statusCode()).as("roles are checked here too").isEqualTo(403);
        assertThat(postSameOrigin("/ui/login", null, "token=" + encode(adminToken)).statusCode()).isEqualTo(303);
        assertThat(send("POST", "/ui/login", null, "token=" + encode(adminToken), Map.of("Origin",
                "https://127.0.0.1:" + local.port())).statusCode()).as("sign-in: origin checked").isEqualTo(403);
    }

    @Test
    void onlyLoopbackHostNamesAreAnswered() throws Exception {
        RawHttp.Response rebound = raw("GET /ui/login HTTP/1.1\r\nHost: evil.example:" + local.port()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(rebound.body()).contains("Host evil.example:" + local.port() + " is not a loopback name");
        assertThat(raw("POST /ui/login HTTP/1.1\r\nHost: 10.0.0.1\r\nOrigin: http://10.0.0.1\r\nContent-Type:"
                + " application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").status())
                .isEqualTo(403);
        assertThat(raw("GET /ui/login HTTP/1.1\r\nConnection: close\r\n\r\n").status()).as("no Host").isIn(400, 403);
        for (String host : List.of("localhost:" + local.port(), "127.0.0.1", "127.1.2.3:80", "[::1]:" + local.port(),
                "LOCALHOST")) {
            assertThat(raw("GET /ui/login HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").status())
                    .as(host).isEqualTo(200);
        }
        for (String host : List.of("127.0.0.1.evil.example", "localhost.evil.example", "[::2]:1", "128.0.0.1")) {
            assertThat(raw("GET /ui/login HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").status())
                    .as(host).isEqualTo(403);
        }
    }

    @Test
    void onlyTheDashboardIsServedAndTheTlsPortsCookieMeansNothingHere() {
        assertThat(get("/api/v1/health", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/devices", null, null, Map.of("Authorization", "Bearer " + adminToken))
                .statusCode()).as("no REST API over plain HTTP").isEqualTo(404);
        HttpResponse<String> tls = login(adminToken);
        String sameNameAsTls = "warren_ui=" + tls.headers().firstValue("Set-Cookie").orElseThrow().split("[=;]")[1];
        assertThat(get("/ui/devices", sameNameAsTls).statusCode()).isEqualTo(303);
        HttpResponse<String> missing = get("/ui/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertHtmlPage(missing);
        HttpResponse<String> icon = get("/favicon.ico", null);
        assertThat(icon.statusCode()).as("the icon browsers ask for by themselves").isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).contains("image/x-icon");
    }
}
