package dev.warren.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.warren.common.net.HostPort;
import dev.warren.relay.OperationsConfig;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.browser.BrowserExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real relay with {@code --dashboard-listen 127.0.0.1:0}: the dashboard alone over plain HTTP on loopback, used in
 * Chromium (its cookie kept without {@code Secure}, under its own name), the REST API not served there, and any
 * address but a loopback one refused before the relay starts.
 */
@Timeout(60)
class DashboardLoopbackListenerTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension(c -> c.withOperations(OperationsConfig.DEFAULTS
            .withDashboardListen(new HostPort("127.0.0.1", 0))));
    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension(() -> relay.get().server().caCertificate());

    private static String base() {
        HostPort a = relay.get().server().dashboardAddress().orElseThrow();
        return "http://127.0.0.1:" + a.port();
    }

    @Test
    void aBrowserSignsInOverPlainHttpOnLoopbackAndActsWithTheCsrfToken() {
        Page page = browser.page();
        page.navigate(base() + "/ui/login");
        page.locator("#token").fill(relay.get().adminToken());
        page.locator("button[data-action=token-login]").click();
        assertThat(page).hasURL(base() + "/ui/devices");
        Cookie cookie = page.context().cookies().stream().filter(c -> c.name.equals("warren_ui_local")).findFirst()
                .orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.secure).isFalse();
        assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(page.context().cookies()).noneMatch(c -> c.name.equals("warren_ui"));

        page.locator("nav a[href='/ui/users']").click();
        page.locator("#new-user-name").fill("loopback-op");
        page.locator("button[data-action=create-user]").click();
        assertThat(page.locator("table#users tr[data-user='loopback-op']")).hasCount(1);
        page.locator("form[action='/ui/logout'] button[type=submit]").click();
        assertThat(page).hasURL(base() + "/ui/login");
        assertThat(browser.events(page).errors()).isEmpty();
    }

    @Test
    void onlyTheDashboardIsThereAndForeignOriginsAreRefused() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> api = client.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/devices"))
                .header("Authorization", "Bearer " + relay.get().adminToken()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(404);
        HttpResponse<String> tlsOrigin = client.send(HttpRequest.newBuilder(URI.create(base() + "/ui/login"))
                .header("Origin", "https://" + relay.get().address()).header("Content-Type",
                        "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("token=" + relay.get().adminToken())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tlsOrigin.statusCode()).isEqualTo(403);
        assertThat(tlsOrigin.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void anythingButALoopbackAddressIsRefusedBeforeTheRelayStarts() {
        for (String host : new String[] {"0.0.0.0", "192.0.2.7", "::"}) {
            assertThatThrownBy(() -> OperationsConfig.DEFAULTS.withDashboardListen(new HostPort(host, 8080)))
                    .as(host).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--dashboard-listen").hasMessageContaining("loopback address only");
        }
        assertThat(OperationsConfig.DEFAULTS.withDashboardListen(new HostPort("::1", 8080)).dashboardListen())
                .isNotNull();
        assertThat(OperationsConfig.DEFAULTS.withDashboardListen(new HostPort("localhost", 8080)).dashboardListen())
                .isNotNull();
    }
}
