package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the dashboard answers besides its pages, over the API's real HTTP stack: its icon (linked by every page, and
 * at {@code /favicon.ico} where browsers look by themselves), and the refusals made before a request is routed (a
 * malformed request, a body too large) as HTML pages under {@code /ui}, while the REST API keeps its JSON.
 */
class DashboardRequestErrorsTest extends DashboardTestBase {
    private static final Pattern ICON = Pattern.compile("<link rel=\"icon\" type=\"image/svg\\+xml\" href=\""
            + "(/ui/static/favicon\\.svg\\?v=[0-9a-f]{12})\">");

    private HttpResponse<byte[]> bytes(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(dashboardUrl() + path)).timeout(Duration.ofSeconds(15))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DashboardRequestErrorsTest.class.getResourceAsStream("/dev/warren/api/dashboard/"
                + name)) {
            return in.readAllBytes();
        }
    }

    private RawHttp.Response raw(String request) throws IOException {
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Response r = c.send(request).read();
            assertThat(c.closedByPeer()).as("a request refused before routing closes its connection").isTrue();
            return r;
        }
    }

    private static void assertHtmlRefusal(RawHttp.Response r, int status, String title, String message) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Content-Security-Policy")).isNotBlank();
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.body()).startsWith("<!doctype html>").contains("<h1>" + title + "</h1>")
                .contains("<p class=\"problem\">" + message + "</p>");
    }

    @Test
    void everyPageLinksTheIconAndBrowsersFindItAtFaviconIcoToo() throws Exception {
        for (String page : new String[] {get("/ui/login", null).body(), get("/ui/devices", signIn(adminToken)).body(),
                get("/ui/nope", null).body()}) {
            assertThat(ICON.matcher(page).find()).as("the icon's link in " + page.substring(0, 200)).isTrue();
        }
        Matcher link = ICON.matcher(get("/ui/login", null).body());
        assertThat(link.find()).isTrue();
        HttpResponse<byte[]> svg = bytes(link.group(1));
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type")).contains("image/svg+xml");
        assertThat(svg.headers().firstValue("Content-Security-Policy")).as("opened on its own, it runs nothing")
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
        assertThat(svg.body()).isEqualTo(resource("favicon.svg"));

        HttpResponse<byte[]> ico = bytes("/favicon.ico");
        assertThat(ico.statusCode()).as("no refusal logged for it any more").isEqualTo(200);
        assertThat(ico.headers().firstValue("Content-Type")).contains("image/x-icon");
        assertThat(ico.headers().firstValue("Cache-Control")).contains("public, max-age=86400");
        assertThat(ico.body()).isEqualTo(resource("favicon.ico")).startsWith(0, 0, 1, 0);
        assertThat(ico.body()[4]).as("images in the icon").isEqualTo((byte) 3);
    }

    @Test
    void aBodyTooLargeForADashboardFormIsAnHtmlPageAndForTheApiJson() throws IOException {
        String post = " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 70000\r\n\r\ncsrf=";
        assertHtmlRefusal(raw("POST /ui/users" + post), 413, "Request too large", "request body over 64 KiB");
        RawHttp.Response api = raw("POST /api/v1/users" + post);
        assertThat(api.status()).isEqualTo(413);
        assertThat(api.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(api.body()).contains("\"error\":\"too_large\"");
    }

    @Test
    void malformedRequestsUnderUiAreHtmlPages() throws IOException {
        assertHtmlRefusal(raw("GET /ui/devices HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n"),
                400, "Bad request", "request headers larger than 8192 bytes");
        assertHtmlRefusal(raw("GET /ui/devices/%zz?q=1 HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "Bad request",
                "request target: malformed percent-encoding");
        RawHttp.Response api = raw("GET /api/v1/devices/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        RawHttp.Response unreadable = raw("GET /ui/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(unreadable.status()).as("a request line too long to read has no path").isEqualTo(400);
        assertThat(unreadable.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }
}
