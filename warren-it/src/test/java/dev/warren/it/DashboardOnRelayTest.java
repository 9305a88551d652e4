package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.RelayExtension;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard on a real relay's HTTPS port (the same port agents, operators and the REST API use): sign in with
 * the admin's API token, see a device enrolled through the real enrollment flow, its hostile label escaped.
 */
@Timeout(90)
class DashboardOnRelayTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    private HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("warren-ca", relay.get().server().caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private String base() {
        return "https://" + relay.get().address();
    }

    @Test
    void aRelayRestartKeepsTheDashboardSessionOfTheEmbeddedStore() throws Exception {
        HttpClient http = client();
        String cookie = signIn(http);
        relay.get().restart();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/devices"))
                .timeout(Duration.ofSeconds(15)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("admin (admin)");
    }

    /** Signs in as the admin through the form and returns the {@code name=value} of the session cookie. */
    private String signIn(HttpClient http) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/login"))
                .timeout(Duration.ofSeconds(15)).header("Origin", base())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "token=" + URLEncoder.encode(relay.get().adminToken(), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void signInOverTlsAndSeeAnEnrolledDeviceWithItsLabelEscaped() throws Exception {
        relay.get().enroll("plc-ui", relay.newDir("agent"));
        relay.get().admin(HttpMethod.PATCH, "/api/v1/devices/plc-ui",
                Map.of("labels", Map.of("note", "<img src=x onerror=alert(1)>")), 200);
        HttpClient http = client();

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/login"))
                .timeout(Duration.ofSeconds(15)).header("Origin", base())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "token=" + URLEncoder.encode(relay.get().adminToken(), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(List.of(setCookie.split("; "))).contains("Path=/ui/", "Secure", "HttpOnly", "SameSite=Strict");

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/devices"))
                .timeout(Duration.ofSeconds(15)).header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
        assertThat(page.body()).contains(">plc-ui<").contains("note=&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<img");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/devices"))
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).contains("/ui/login");
    }
}
