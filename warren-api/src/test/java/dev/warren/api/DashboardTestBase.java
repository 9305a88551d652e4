package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.api.dashboard.RequestGuard;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the dashboard's tests share: a browser-like client over the API's real HTTP stack (no redirects followed,
 * the relay's https Origin on posts), sign-in, and the CSRF token of a page.
 */
abstract class DashboardTestBase extends ApiTestBase {
    static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]{43})\"");

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** The origin a browser sends for the relay: the API is served over TLS only, so https. */
    String origin() {
        return "https://127.0.0.1:" + server.port();
    }

    HttpResponse<String> send(String method, String path, String cookie, String form, Map<String, String> extra) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(15))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        extra.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String cookie) {
        return send("GET", path, cookie, null, Map.of());
    }

    HttpResponse<String> postSameOrigin(String path, String cookie, String form) {
        return send("POST", path, cookie, form, Map.of("Origin", origin()));
    }

    HttpResponse<String> login(String token) {
        return postSameOrigin("/ui/login", null, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /** Signs in and returns the {@code Cookie} header value a browser would send back. */
    String signIn(String token) {
        HttpResponse<String> r = login(token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    static String csrf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("the page holds a CSRF token").isTrue();
        return m.group(1);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains(RequestGuard.CONTENT_SECURITY_POLICY);
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("same-origin");
    }

    /** An HTML page of the dashboard: its type, its security headers, and no inline script or style. */
    static void assertHtmlPage(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertSecurityHeaders(r);
        assertThat(r.body()).startsWith("<!doctype html>").doesNotContain("<style").doesNotContain("style=");
        assertThat(Pattern.compile("<[^>]+\\son[a-z]+\\s*=").matcher(r.body()).find()).as("no inline handler")
                .isFalse();
        assertThat(Pattern.compile("<script(?![^>]* src=\"/ui/static/[a-z.]+\\?v=[0-9a-f]{12}\")").matcher(r.body())
                .find()).as("every script is a same-origin file").isFalse();
    }

    /** The audit events of {@code action} about the device {@code deviceId}, newest first. */
    static List<AuditEvent> audit(String action, String deviceId) {
        return store.audit().query(new AuditQuery(null, null, action, null, deviceId, null, 50));
    }
}
