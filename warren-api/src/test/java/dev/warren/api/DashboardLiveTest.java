package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.Device;
import dev.warren.store.Role;
import dev.warren.store.SessionRecord;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The live parts the dashboard's script polls ({@code /ui/live/...}) through the API's real HTTP stack: each answers
 * the same elements (by id) as the page, with the state of now; open sessions show the bytes relayed so far; a poll
 * never keeps a session alive, and without one it is a 401, not a redirect.
 */
class DashboardLiveTest extends DashboardTestBase {

    private static String openSession(Device d, String operator) {
        String id = "s_" + unique("lv").replace("-", "");
        store.sessions().opened(SessionRecord.open(id, d.id(), d.name(), "ssh", operator, "10.1.1.1", "node-test",
                Instant.now()));
        return id;
    }

    private static void assertFragment(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertSecurityHeaders(r);
        assertThat(r.body()).doesNotContain("<!doctype").doesNotContain("<script").doesNotContain("<html");
    }

    @Test
    void theDeviceListsLivePartFollowsTheDevicesStateAndTheFilter() {
        Device d = newDevice("livedev", Map.of("site", "north"));
        Device other = newDevice("livedev", Map.of("site", "south"));
        String cookie = signIn(adminToken);
        HttpResponse<String> page = get("/ui/devices?q=north", cookie);
        assertHtmlPage(page);
        assertThat(page.body()).contains("data-live=\"/ui/live/devices?q=north\"")
                .contains("src=\"/ui/static/warren.js?v=").doesNotContain("chart.umd.min.js");

        HttpResponse<String> before = get("/ui/live/devices?q=north", cookie);
        assertFragment(before);
        assertThat(before.body()).startsWith("<p id=\"devices-count\"").contains("<div id=\"devices-table\">")
                .contains("data-device=\"" + d.name() + "\"").doesNotContain(other.name())
                .contains("data-state=\"offline\"").contains("1 of ");

        server.relay.connect(d.id(), Set.of("ssh"));
        HttpResponse<String> after = get("/ui/live/devices?q=north", cookie);
        assertThat(after.body()).contains("data-device=\"" + d.name() + "\" data-device-id=\"" + d.id()
                + "\" data-state=\"online\"").contains(">ssh<").contains(", 1 online");
    }

    @Test
    void theLiveSessionsPartShowsNewSessionsGrowingBytesAndDropsEndedOnes() {
        Device d = newDevice("livess", Map.of());
        String cookie = signIn(adminToken);
        assertThat(get("/ui/sessions", cookie).body()).contains("data-live=\"/ui/live/sessions\"");
        String id = openSession(d, "olga");
        server.relay.liveSession(id);

        HttpResponse<String> first = get("/ui/live/sessions", cookie);
        assertFragment(first);
        assertThat(first.body()).contains("data-session-id=\"" + id + "\"").contains("data-bytes=\"0\"")
                .contains("action=\"/ui/sessions/" + id + "/cut\"").contains("name=\"csrf\"");

        server.relay.relayed(id, 2048, 3 * 1024 * 1024);
        String grown = get("/ui/live/sessions", cookie).body();
        assertThat(grown).contains("data-bytes=\"2048\">2.0 KiB<").contains("data-bytes=\"3145728\">3.0 MiB<");
        assertThat(http.get("/api/v1/sessions?open=true&device=" + d.name(), adminToken).json().get(0)
                .get("bytesFromDevice").asLong()).as("the REST API shows them too").isEqualTo(3 * 1024 * 1024);

        store.sessions().closed(id, Instant.now(), 4096, 3 * 1024 * 1024, "operator closed");
        assertThat(get("/ui/live/sessions", cookie).body()).doesNotContain(id);

        String auditorView = get("/ui/live/sessions", signIn(tokenFor(Role.AUDITOR))).body();
        assertThat(auditorView).doesNotContain("/cut").doesNotContain("data-action");
    }

    @Test
    void theDevicePagesLivePartsFollowTheDeviceAndAreLimitedAsThePageIs() {
        Device d = newDevice("livepage", Map.of());
        Device hidden = newDevice("livehidden", Map.of());
        String cookie = signIn(adminToken);
        assertThat(get("/ui/devices/" + d.name() + "?range=6h", cookie).body())
                .contains("data-live=\"/ui/live/devices/" + d.name() + "?range=6h\"")
                .contains("data-live-every=\"15\"");

        HttpResponse<String> offline = get("/ui/live/devices/" + d.name() + "?range=6h", cookie);
        assertFragment(offline);
        assertThat(offline.body()).contains("id=\"device-state\">offline<", "<dl class=\"facts\" id=\"device-facts\">",
                "id=\"device-services-live\"", "id=\"traffic-totals\"", "Over the last 6 hours",
                "id=\"device-sessions-live\"");
        server.relay.connect(d.id(), Set.of("ssh"));
        String id = openSession(d, "piet");
        String online = get("/ui/live/devices/" + d.name(), cookie).body();
        assertThat(online).contains("id=\"device-state\">online<").contains("data-service=\"ssh\"")
                .contains("data-session-id=\"" + id + "\"");

        Account operator = account(Role.OPERATOR);
        grant(operator, d.name(), "ssh", 600);
        String op = signIn(operator.token());
        assertThat(get("/ui/live/devices/" + d.name(), op).statusCode()).isEqualTo(200);
        assertThat(get("/ui/live/devices/" + d.name(), op).body()).doesNotContain("data-action")
                .doesNotContain(id);
        HttpResponse<String> refused = get("/ui/live/devices/" + hidden.name(), op);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(get("/ui/live/devices?q=" + hidden.name(), op).body()).doesNotContain(hidden.name() + "\"");
    }

    @Test
    void theGrantsLivePartShowsGrantsMadeElsewhereAndDropsRevokedOnes() {
        Device d = newDevice("livegrant", Map.of());
        Account operator = account(Role.OPERATOR);
        String cookie = signIn(adminToken);
        assertThat(get("/ui/grants", cookie).body()).contains("data-live=\"/ui/live/grants\"")
                .contains("src=\"/ui/static/warren.js?v=");
        String id = grant(operator, d.name(), "ssh", 600);
        HttpResponse<String> live = get("/ui/live/grants", cookie);
        assertFragment(live);
        assertThat(live.body()).startsWith("<p id=\"grants-count\"").contains("<div id=\"grants-table\">")
                .contains("data-grant-id=\"" + id + "\"").contains("action=\"/ui/grants/" + id + "/revoke\"")
                .doesNotContain("name=\"fromDevice\"");
        assertThat(http.delete("/api/v1/grants/" + id, adminToken).status()).isEqualTo(204);
        assertThat(get("/ui/live/grants", cookie).body()).doesNotContain(id);

        String other = grant(operator, d.name(), "ssh", 600);
        String auditorView = get("/ui/live/grants", signIn(tokenFor(Role.AUDITOR))).body();
        assertThat(auditorView).contains(other).doesNotContain("/revoke");
        String operatorView = get("/ui/live/grants", signIn(operator.token())).body();
        assertThat(operatorView).contains(other);
        assertThat(get("/ui/live/grants", signIn(account(Role.OPERATOR).token())).body()).doesNotContain(other);
    }

    @Test
    void theEnrollmentTokensLivePartIsForAdminsAndFollowsUsesAndRevocations() {
        String cookie = signIn(adminToken);
        assertThat(get("/ui/enroll-tokens", cookie).body()).contains("data-live=\"/ui/live/enroll-tokens\"");
        Http.Resp created = http.post("/api/v1/enroll-tokens", adminToken, "{\"ttlSeconds\":3600,\"uses\":1}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        HttpResponse<String> live = get("/ui/live/enroll-tokens", cookie);
        assertFragment(live);
        assertThat(live.body()).contains("<div id=\"enroll-tokens-table\">")
                .contains("data-token-id=\"" + id + "\" data-state=\"usable\"");
        assertThat(http.delete("/api/v1/enroll-tokens/" + id, adminToken).status()).isEqualTo(204);
        assertThat(get("/ui/live/enroll-tokens", cookie).body()).contains("data-token-id=\"" + id
                + "\" data-state=\"revoked\"");
        assertThat(get("/ui/live/enroll-tokens", signIn(tokenFor(Role.AUDITOR))).statusCode()).isEqualTo(403);
    }

    @Test
    void theAuditLogsFirstPageBringsNewEventsForItsFiltersAndOlderPagesStayAsTheyAre() {
        Device d = newDevice("liveaudit", Map.of());
        String cookie = signIn(adminToken);
        String page = get("/ui/audit?action=device.*&device=" + d.name(), cookie).body();
        assertThat(page).contains("data-live=\"/ui/live/audit?device=" + d.name() + "&amp;action=device.*\"");
        assertThat(get("/ui/audit?before=" + encode("2999-01-01T00:00:00Z,1"), cookie).body())
                .doesNotContain("data-live=");

        assertThat(http.post("/api/v1/devices/" + d.name() + "/disable", adminToken, "{\"reason\":\"r1\"}").status())
                .isEqualTo(200);
        HttpResponse<String> live = get("/ui/live/audit?device=" + d.name() + "&action=device.*", cookie);
        assertFragment(live);
        assertThat(live.body()).startsWith("<div id=\"audit-table\">").contains("data-action=\"device.disable\"")
                .contains("<div id=\"audit-pager\">");
        assertThat(get("/ui/live/audit?device=" + d.name() + "&action=session.*", cookie).body())
                .doesNotContain("device.disable").contains("No event matches.");
        assertThat(get("/ui/live/audit?since=yesterday", cookie).statusCode()).isEqualTo(400);
        assertThat(get("/ui/live/audit", signIn(account(Role.OPERATOR).token())).statusCode()).isEqualTo(403);
        assertThat(get("/ui/live/audit", signIn(tokenFor(Role.AUDITOR))).statusCode()).isEqualTo(200);
    }

    @Test
    void theUsersLivePartShowsNewUsersAndTokensToReadersOnly() {
        String cookie = signIn(adminToken);
        assertThat(get("/ui/users", cookie).body()).contains("data-live=\"/ui/live/users\"");
        Account fresh = account(Role.OPERATOR);
        HttpResponse<String> live = get("/ui/live/users", cookie);
        assertFragment(live);
        assertThat(live.body()).startsWith("<p id=\"users-count\"").contains("<div id=\"users-table\">")
                .contains("<div id=\"api-tokens-table\">").contains("data-user=\"" + fresh.name() + "\"")
                .contains("action=\"/ui/users/" + fresh.name() + "/disable\"");
        String auditorView = get("/ui/live/users", signIn(tokenFor(Role.AUDITOR))).body();
        assertThat(auditorView).contains("data-user=\"" + fresh.name() + "\"").doesNotContain("<form")
                .doesNotContain("data-action");
        assertThat(get("/ui/live/users", signIn(fresh.token())).statusCode()).isEqualTo(403);
    }

    @Test
    void pollingNeverKeepsASessionAliveAndWithoutOneIsA401() {
        assertThat(get("/ui/live/devices", null).statusCode()).isEqualTo(401);
        assertThat(get("/ui/live/sessions", "warren_ui=" + "A".repeat(43)).statusCode()).isEqualTo(401);

        String watched = signIn(adminToken);
        String used = signIn(adminToken);
        server.clock.advance(Duration.ofMinutes(20));
        assertThat(get("/ui/live/sessions", watched).statusCode()).isEqualTo(200);
        assertThat(get("/ui/sessions", used).statusCode()).as("a page view is use").isEqualTo(200);
        server.clock.advance(Duration.ofMinutes(15));
        assertThat(get("/ui/live/sessions", watched).statusCode())
                .as("35 minutes of polling alone: idle for 30 minutes, signed out").isEqualTo(401);
        assertThat(get("/ui/devices", watched).statusCode()).isEqualTo(303);
        assertThat(get("/ui/live/sessions", used).statusCode()).as("used 15 minutes ago").isEqualTo(200);
    }
}
