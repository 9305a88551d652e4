package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.TestRelay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The dashboard over a relay's HTTPS port without a browser: a client that trusts the relay's CA and follows no
 * redirect, the sign-in forms posted from the relay's own origin, and pages fetched with a session cookie.
 */
final class DashboardHttp {
    private final TestRelay relay;
    private final HttpClient client;

    DashboardHttp(TestRelay relay) {
        this.relay = relay;
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("warren-ca", relay.server().caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the relay's CA", e);
        }
    }

    String base() {
        return "https://" + relay.address();
    }

    /** Posts the sign-in form ({@code form}: url-encoded fields) from the relay's own origin. */
    HttpResponse<String> login(String form) {
        return send(HttpRequest.newBuilder(URI.create(base() + "/ui/login")).header("Origin", base())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    HttpResponse<String> loginWithToken(String token) {
        return login("token=" + encode(token));
    }

    HttpResponse<String> loginWithPassword(String user, String password) {
        return login("user=" + encode(user) + "&password=" + encode(password));
    }

    /** The session cookie ({@code name=value}) a successful sign-in set. */
    static String cookie(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** {@code GET path}, with the session cookie when not null. */
    HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
