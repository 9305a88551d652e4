package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.Device;
import dev.warren.store.Role;
import dev.warren.store.SessionRecord;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard under {@code /ui/} through the API's real HTTP stack: sign-in with an API token, the session cookie
 * and its flags, the device table (escaped, limited as the REST API limits it), and the Origin/CSRF refusals.
 */
class DashboardTest extends DashboardTestBase {
    @Test
    void loginFormIsServedWithTheSecurityHeadersAndNoInlineScriptOrStyle() {
        HttpResponse<String> r = get("/ui/login", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertSecurityHeaders(r);
        assertThat(r.body()).startsWith("<!doctype html>").contains("<form method=\"post\" action=\"/ui/login\" id=\"password-login\">")
                .contains("<form method=\"post\" action=\"/ui/login\" id=\"token-login\">")
                .contains("href=\"/ui/static/warren.css?v=").doesNotContain("<script").doesNotContain("<style")
                .doesNotContain("style=");

        HttpResponse<String> css = get("/ui/static/warren.css", null);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertSecurityHeaders(css);
        assertThat(css.body()).contains("table");
    }

    @Test
    void aGoodTokenSetsASessionCookieWithStrictFlagsAndLeadsToTheDevices() {
        HttpResponse<String> r = login(tokenFor(Role.AUDITOR));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/ui/devices");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).matches("warren_ui=[A-Za-z0-9_-]{43}; .*");
        assertThat(List.of(setCookie.split("; "))).contains("Path=/ui/", "Secure", "HttpOnly", "SameSite=Strict");
        assertSecurityHeaders(r);

        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> page = get("/ui/devices", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertSecurityHeaders(page);
        assertThat(page.body()).contains("(auditor)");
        assertThat(http.get("/api/v1/audit?action=dashboard.login&since=1h", adminToken).json().toString())
                .contains("\"outcome\":\"ok\"");
    }

    @Test
    void aBadTokenIsRefusedWithoutACookie() {
        String good = tokenFor(Role.ADMIN);
        HttpResponse<String> wrong = login(good.substring(0, good.length() - 2) + "xx");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(wrong.body()).contains("sign-in refused: API token unknown").doesNotContain(good);
        var refusals = http.get("/api/v1/audit?action=dashboard.login&since=1h", adminToken).json();
        assertThat(refusals.toString()).contains("API token unknown").doesNotContain(good.substring(good.lastIndexOf('.') + 1));

        HttpResponse<String> malformed = login("not-a-token");
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(malformed.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> empty = postSameOrigin("/ui/login", null, "token=");
        assertThat(empty.statusCode()).isEqualTo(400);
    }

    @Test
    void devicesWithoutASessionRedirectToTheLogin() {
        HttpResponse<String> none = get("/ui/devices", null);
        assertThat(none.statusCode()).isEqualTo(303);
        assertThat(none.headers().firstValue("Location")).contains("/ui/login");

        HttpResponse<String> forged = get("/ui/devices", "warren_ui=" + "A".repeat(43));
        assertThat(forged.statusCode()).isEqualTo(303);
        assertThat(forged.headers().firstValue("Location")).contains("/ui/login");
    }

    @Test
    void theTableListsAnEnrolledDeviceAndEscapesAHostileLabel() {
        Device d = newDevice("plc", Map.of("note", "<script>alert(1)</script>\"'&"));
        server.relay.connect(d.id(), Set.of("ssh", "http"));
        String cookie = signIn(adminToken);

        HttpResponse<String> r = get("/ui/devices", cookie);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains(">" + d.name() + "<").contains(">online<").contains(">http, ssh<")
                .contains("note=&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;")
                .doesNotContain("<script>");
        assertHtmlPage(r); // the one script element is the same-origin warren.js
    }

    @Test
    void anOperatorSeesOnlyTheDevicesTheirGrantsCover() {
        Device granted = newDevice("granted", Map.of());
        Device other = newDevice("other", Map.of());
        Account operator = account(Role.OPERATOR);
        grant(operator, granted.name(), "ssh", 3600);

        String body = get("/ui/devices", signIn(operator.token())).body();
        assertThat(body).contains(">" + granted.name() + "<").doesNotContain(other.name());
    }

    @Test
    void aRevokedTokenOrADisabledUserEndsTheSession() {
        Account user = account(Role.ADMIN);
        String cookie = signIn(user.token());
        assertThat(get("/ui/devices", cookie).statusCode()).isEqualTo(200);
        store.users().setDisabled(user.user().id(), true);
        assertThat(get("/ui/devices", cookie).statusCode()).isEqualTo(303);
        store.users().setDisabled(user.user().id(), false);
        assertThat(get("/ui/devices", cookie).statusCode()).as("the session was ended, not paused").isEqualTo(303);
    }

    @Test
    void aPostWithoutTheCsrfTokenOrFromAForeignOriginIsRefused() {
        String cookie = signIn(adminToken);
        String token = csrf(get("/ui/devices", cookie).body());

        HttpResponse<String> noToken = postSameOrigin("/ui/logout", cookie, "");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertSecurityHeaders(noToken);
        assertThat(noToken.body()).contains("missing or wrong CSRF token");

        HttpResponse<String> wrongToken = postSameOrigin("/ui/logout", cookie, "csrf=" + "B".repeat(43));
        assertThat(wrongToken.statusCode()).isEqualTo(403);

        HttpResponse<String> foreign = send("POST", "/ui/logout", cookie, "csrf=" + token,
                Map.of("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("origin https://evil.example is not " + origin());

        HttpResponse<String> noOrigin = send("POST", "/ui/logout", cookie, "csrf=" + token, Map.of());
        assertThat(noOrigin.statusCode()).isEqualTo(403);

        HttpResponse<String> foreignLogin = send("POST", "/ui/login", null, "token=" + adminToken,
                Map.of("Origin", "https://evil.example"));
        assertThat(foreignLogin.statusCode()).isEqualTo(403);
        assertThat(foreignLogin.headers().firstValue("Set-Cookie")).isEmpty();

        assertThat(get("/ui/devices", cookie).statusCode()).as("still signed in after the refusals").isEqualTo(200);
        HttpResponse<String> out = postSameOrigin("/ui/logout", cookie, "csrf=" + token);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).contains("/ui/login");
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("warren_ui=; ").contains("Max-Age=0");
        assertThat(get("/ui/devices", cookie).statusCode()).as("signed out").isEqualTo(303);
    }

    private Device sessionDevice() {
        Device d = newDevice("sessdev", Map.of());
        return d;
    }

    private static String openSession(Device d, String operator) {
        String id = "s_" + unique("ui").replace("-", "");
        store.sessions().opened(SessionRecord.open(id, d.id(), d.name(), "ssh", operator, "10.9.8.7", "node-test",
                Instant.now()));
        return id;
    }

    @Test
    void anAdminSeesLiveSessionsAndCutsOne() {
        Device d = sessionDevice();
        String id = openSession(d, "olga");
        server.relay.liveSession(id);
        String cookie = signIn(adminToken);

        String page = get("/ui/sessions", cookie).body();
        assertThat(page).contains(">" + d.name() + "<").contains(">olga<")
                .contains("action=\"/ui/sessions/" + id + "/cut\"");
        String token = csrf(page);

        HttpResponse<String> noToken = postSameOrigin("/ui/sessions/" + id + "/cut", cookie, "");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(store.sessions().byId(id).orElseThrow().isOpen()).isTrue();

        HttpResponse<String> cut = postSameOrigin("/ui/sessions/" + id + "/cut", cookie, "csrf=" + token);
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(303);
        assertThat(cut.headers().firstValue("Location")).contains("/ui/sessions");
        assertThat(server.relay.calls).anyMatch(c -> c.startsWith("cutSession:" + id + ":"));

        HttpResponse<String> again = postSameOrigin("/ui/sessions/" + id + "/cut", cookie, "csrf=" + token);
        assertThat(again.statusCode()).as("not carried by this node any more").isEqualTo(409);
        assertSecurityHeaders(again);
    }

    @Test
    void anAuditorSeesNoCutButtonAndTheServerRefusesTheirCut() {
        Device d = sessionDevice();
        String id = openSession(d, "olga");
        server.relay.liveSession(id);
        String cookie = signIn(tokenFor(Role.AUDITOR));

        String page = get("/ui/sessions", cookie).body();
        assertThat(page).contains(">" + d.name() + "<").doesNotContain("/cut").doesNotContain(">Cut<");
        String token = csrf(page);

        HttpResponse<String> cut = postSameOrigin("/ui/sessions/" + id + "/cut", cookie, "csrf=" + token);
        assertThat(cut.statusCode()).isEqualTo(403);
        assertThat(cut.body()).contains("role AUDITOR may not cut a session");
        assertThat(server.relay.calls).noneMatch(c -> c.startsWith("cutSession:" + id + ":"));
    }

    @Test
    void anOperatorSeesOnlyTheirOwnLiveSessions() {
        Device d = sessionDevice();
        Account operator = account(Role.OPERATOR);
        String mine = openSession(d, operator.name());
        String theirs = openSession(d, "someone-else");
        String page = get("/ui/sessions", signIn(operator.token())).body();
        assertThat(page).contains(">" + operator.name() + "<").doesNotContain("someone-else")
                .doesNotContain("/cut");
        assertThat(mine).isNotEqualTo(theirs);
    }

    @Test
    void devicesAreFilteredByNameOrLabelAndByState() {
        Device north = newDevice("filt-north", Map.of("site", "Plant-North"));
        Device south = newDevice("filt-south", Map.of("site", "plant-south"));
        server.relay.connect(south.id(), Set.of("ssh"));
        String cookie = signIn(adminToken);

        String byLabel = get("/ui/devices?q=PLANT-north", cookie).body();
        assertThat(byLabel).contains(">" + north.name() + "<").doesNotContain(">" + south.name() + "<")
                .contains("value=\"PLANT-north\"");
        String byName = get("/ui/devices?q=filt-&state=online", cookie).body();
        assertThat(byName).contains(">" + south.name() + "<").doesNotContain(">" + north.name() + "<")
                .contains("<option value=\"online\" selected=\"selected\">");
        HttpResponse<String> hostile = get("/ui/devices?q=%22%3E%3Cscript%3E&state=bogus", cookie);
        assertThat(hostile.body()).contains("value=\"&quot;&gt;&lt;script&gt;\"").doesNotContain("<script>")
                .contains("data-live=\"/ui/live/devices?q=%22%3E%3Cscript%3E\"");
        assertHtmlPage(hostile);
    }

    @Test
    void signingInAgainReplacesTheSessionTheBrowserHad() {
        String first = signIn(adminToken);
        HttpResponse<String> again = send("POST", "/ui/login", first, "token=" + URLEncoder.encode(adminToken,
                StandardCharsets.UTF_8), Map.of("Origin", origin()));
        assertThat(again.statusCode()).isEqualTo(303);
        String second = again.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(second).isNotEqualTo(first);
        assertThat(get("/ui/devices", first).statusCode()).as("the old session is gone").isEqualTo(303);
        assertThat(get("/ui/devices", second).statusCode()).isEqualTo(200);
    }

    @Test
    void anAdminCreatesAndRevokesAGrantFromThePage() {
        Device d = newDevice("grantdev", Map.of());
        Account operator = account(Role.OPERATOR);
        String cookie = signIn(adminToken);
        String token = csrf(get("/ui/grants", cookie).body());

        HttpResponse<String> created = postSameOrigin("/ui/grants", cookie, "csrf=" + token + "&user=" + operator.name()
                + "&device=" + d.name() + "&service=ssh&duration=30&unit=minutes&reason=" + URLEncoder.encode("ticket <42>",
                        StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        var grants = http.get("/api/v1/grants?user=" + operator.name() + "&active=true", adminToken).json();
        assertThat(grants).hasSize(1);
        String id = grants.get(0).get("id").asText();
        assertThat(grants.get(0).get("reason").asText()).isEqualTo("ticket <42>");

        String page = get("/ui/grants", cookie).body();
        assertThat(page).contains(">" + operator.name() + "<").contains(">ticket &lt;42&gt;<")
                .contains("action=\"/ui/grants/" + id + "/revoke\"");

        HttpResponse<String> badTtl = postSameOrigin("/ui/grants", cookie, "csrf=" + token + "&user=" + operator.name()
                + "&device=" + d.name() + "&service=ssh&duration=soon&unit=minutes&reason=x");
        assertThat(badTtl.statusCode()).isEqualTo(400);
        assertThat(badTtl.body()).contains("<p class=\"field-problem\" id=\"duration-problem\">duration: &#39;soon&#39;");
        HttpResponse<String> unknownDevice = postSameOrigin("/ui/grants", cookie, "csrf=" + token + "&user="
                + operator.name() + "&device=no-such-device&service=ssh&duration=5&unit=minutes&reason=x");
        assertThat(unknownDevice.statusCode()).as("the API's own refusal").isEqualTo(404);
        assertThat(unknownDevice.body()).contains("id=\"device-problem\">no device &#39;no-such-device&#39;");

        HttpResponse<String> revoked = postSameOrigin("/ui/grants/" + id + "/revoke", cookie, "csrf=" + token);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(303);
        assertThat(http.get("/api/v1/grants/" + id, adminToken).json().get("revokedAt").isNull()).isFalse();
        assertThat(get("/ui/grants", cookie).body()).doesNotContain("/ui/grants/" + id + "/revoke");
    }

    @Test
    void anAuditorSeesGrantsButNoFormAndCannotCreateOrRevoke() {
        Device d = newDevice("grantaud", Map.of());
        Account operator = account(Role.OPERATOR);
        String id = grant(operator, d.name(), "ssh", 600);
        String cookie = signIn(tokenFor(Role.AUDITOR));
        String page = get("/ui/grants", cookie).body();
        assertThat(page).contains(">" + operator.name() + "<").doesNotContain("/revoke")
                .doesNotContain("action=\"/ui/grants\"");
        String token = csrf(page);
        assertThat(postSameOrigin("/ui/grants/" + id + "/revoke", cookie, "csrf=" + token).statusCode()).isEqualTo(403);
        assertThat(postSameOrigin("/ui/grants", cookie, "csrf=" + token + "&user=" + operator.name() + "&device="
                + d.name() + "&service=ssh&duration=5&unit=minutes&reason=x").statusCode()).isEqualTo(403);
        assertThat(http.get("/api/v1/grants/" + id, adminToken).json().get("revokedAt").isNull()).isTrue();
    }

    @Test
    void anAdminCreatesAnEnrollmentTokenSeenOnceAndRevokesIt() {
        String cookie = signIn(adminToken);
        String token = csrf(get("/ui/enroll-tokens", cookie).body());

        HttpResponse<String> created = postSameOrigin("/ui/enroll-tokens", cookie, "csrf=" + token
                + "&hours=2&uses=3&description=" + URLEncoder.encode("line <7>", StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        Matcher shown = Pattern.compile("<code class=\"secret\">([^<]+)</code>").matcher(created.body());
        assertThat(shown.find()).isTrue();
        var listed = http.get("/api/v1/enroll-tokens", adminToken).json();
        String id = null;
        for (var t : listed) {
            if ("line <7>".equals(t.path("description").asText())) {
                id = t.get("id").asText();
                assertThat(t.get("maxUses").asInt()).isEqualTo(3);
            }
        }
        assertThat(id).isNotNull();
        assertThat(shown.group(1)).contains(id);
        String again = get("/ui/enroll-tokens", cookie).body();
        assertThat(again).contains(">line &lt;7&gt;<").doesNotContain(shown.group(1));

        assertThat(postSameOrigin("/ui/enroll-tokens", cookie, "csrf=" + token + "&hours=0&uses=1").statusCode())
                .isEqualTo(400);
        HttpResponse<String> revoked = postSameOrigin("/ui/enroll-tokens/" + id + "/revoke", cookie, "csrf=" + token);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(303);
        for (var t : http.get("/api/v1/enroll-tokens", adminToken).json()) {
            if (t.get("id").asText().equals(id)) {
                assertThat(t.get("revoked").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void enrollmentTokensAreForAdminsOnly() {
        String cookie = signIn(tokenFor(Role.AUDITOR));
        String token = csrf(get("/ui/devices", cookie).body());
        assertThat(get("/ui/devices", cookie).body()).doesNotContain("/ui/enroll-tokens");
        assertThat(get("/ui/enroll-tokens", cookie).statusCode()).isEqualTo(403);
        assertThat(postSameOrigin("/ui/enroll-tokens", cookie, "csrf=" + token + "&hours=1&uses=1").statusCode())
                .isEqualTo(403);
    }
}
