package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Device;
import dev.warren.store.Role;
import dev.warren.store.SessionRecord;
import dev.warren.store.Traffic;
import dev.warren.store.TrafficSample;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A device's page ({@code /ui/devices/{name}}) through the API's real HTTP stack: what it shows (identity, services,
 * recent sessions, traffic over time as a chart's JSON and a table), Chart.js served from its WebJar, and an admin's
 * actions run through the REST endpoints' own code (same audit events), refused on the server for everyone else.
 */
class DashboardDevicePageTest extends DashboardTestBase {

    private static String page(Device d) {
        return "/ui/devices/" + d.name();
    }

    private static String openSession(Device d, String operator, String service) {
        String id = "s_" + unique("dp").replace("-", "");
        store.sessions().opened(SessionRecord.open(id, d.id(), d.name(), service, operator, "10.1.2.3", "node-test",
                Instant.now()));
        return id;
    }

    @Test
    void theDevicePageShowsIdentityServicesSessionsAndTrafficOverTime() throws Exception {
        Device d = newDevice("page", Map.of("site", "plant-b", "note", "<b>x</b>"));
        server.relay.connect(d.id(), Set.of("ssh", "http"));
        store.devices().setServiceDisabled(d.id(), "plc", true);
        String live = openSession(d, "olga", "ssh");
        String ended = openSession(d, "piet", "http");
        store.sessions().closed(ended, Instant.now(), 123, 456_789, "operator closed");
        Instant step = Instant.ofEpochSecond(Traffic.floor(server.clock.instant().getEpochSecond(), 3600))
                .minusSeconds(2 * 3600);
        store.traffic().add("node-a", List.of(new TrafficSample(step, d.id(), d.name(), "ssh", 1000, 50_000, 2),
                new TrafficSample(step.plusSeconds(60), d.id(), d.name(), "http", 24, 0, 1)));
        String cookie = signIn(adminToken);

        HttpResponse<String> r = get(page(d), cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertHtmlPage(r);
        assertThat(r.body())
                .contains("data-device=\"" + d.name() + "\"", "data-device-id=\"" + d.id() + "\"")
                .contains("<dd>" + d.id() + "</dd>", "id=\"device-state\">online<", "<dd>note=&lt;b&gt;x&lt;/b&gt;, site=plant-b</dd>")
                .contains("data-service=\"http\"", "data-service=\"ssh\"", "data-service=\"plc\"")
                .contains(">disabled by an admin<")
                .contains("data-session-id=\"" + live + "\"", "data-session-id=\"" + ended + "\"", ">operator closed<")
                .contains("data-bytes=\"456789\">446.1 KiB<")
                .contains("id=\"traffic-chart\"", "data-traffic=\"/ui/devices/" + d.name() + "/traffic.json?range=24h\"")
                .contains("<td class=\"number\">1024</td><td class=\"number\">50000</td><td class=\"number\">3</td>")
                .contains("1.0 KiB to the device, 48.8 KiB from it, 3 sessions opened")
                .contains("src=\"/ui/static/chart.umd.min.js?v=", "src=\"/ui/static/warren.js?v=")
                .contains("data-action=\"disconnect\"", "data-action=\"disable\"", "data-action=\"labels\"",
                        "data-action=\"delete\"");

        HttpResponse<String> json = get(page(d) + "/traffic.json?range=6h", cookie);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertSecurityHeaders(json);
        JsonNode view = Http.JSON.readTree(json.body());
        assertThat(view.get("group").asText()).isEqualTo("total");
        assertThat(view.get("step").asInt()).isEqualTo(300);
        JsonNode totals = view.get("series").get(0).get("totals");
        assertThat(totals.get("bytesToDevice").asLong()).isEqualTo(1024);
        assertThat(totals.get("bytesFromDevice").asLong()).isEqualTo(50_000);
        assertThat(totals.get("sessions").asLong()).isEqualTo(3);
        assertThat(view.get("series").get(0).get("points").size()).isBetween(72, 73);

        HttpResponse<String> devices = get("/ui/devices", cookie);
        assertThat(devices.body()).contains("<a href=\"/ui/devices/" + d.name() + "\">" + d.name() + "</a>")
                .contains("data-device=\"" + d.name() + "\"");
        assertThat(get("/ui/sessions", cookie).body()).contains("data-session-id=\"" + live + "\"")
                .contains("<a href=\"/ui/devices/" + d.name() + "\">");
    }

    @Test
    void chartJsComesFromItsWebJarAndWarrenJsFromTheClasspath() throws Exception {
        HttpResponse<String> chart = get("/ui/static/chart.umd.min.js", null);
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(chart.headers().firstValue("Cache-Control")).contains("public, max-age=86400");
        assertSecurityHeaders(chart);
        assertThat(chart.body()).startsWith("/*!\n * Chart.js v4.5.1");
        try (var jar = getClass().getResourceAsStream(
                "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js")) {
            assertThat(chart.body()).isEqualTo(new String(jar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }

        HttpResponse<String> js = get("/ui/static/warren.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertSecurityHeaders(js);
        assertThat(js.body()).contains("data-traffic").doesNotContain("eval(").doesNotContain("new Function")
                .doesNotContain("innerHTML =").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void anOperatorSeesOnlyTheirGrantedDevicesPageTheirOwnSessionsAndNoAction() {
        Device granted = newDevice("opdev", Map.of());
        Device other = newDevice("opother", Map.of());
        Account operator = account(Role.OPERATOR);
        grant(operator, granted.name(), "ssh", 3600);
        String mine = openSession(granted, operator.name(), "ssh");
        String theirs = openSession(granted, "someone-else", "ssh");
        String cookie = signIn(operator.token());

        HttpResponse<String> r = get(page(granted), cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("data-session-id=\"" + mine + "\"").doesNotContain(theirs)
                .doesNotContain("data-action=").doesNotContain("/disable").doesNotContain("/labels");

        HttpResponse<String> hidden = get(page(other), cookie);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertHtmlPage(hidden);
        assertThat(hidden.body()).contains("no device &#39;" + other.name() + "&#39;");
        assertThat(get(page(other) + "/traffic.json", cookie).statusCode()).isEqualTo(404);
        assertThat(get(page(other) + "/traffic.json", null).statusCode()).as("no session").isEqualTo(401);
    }

    @Test
    void anAdminDisablesEnablesAndDisconnectsThroughTheRestEndpointsCode() {
        Device d = newDevice("act", Map.of());
        server.relay.connect(d.id(), Set.of("ssh"));
        String cookie = signIn(adminToken);
        String token = csrf(get(page(d), cookie).body());

        HttpResponse<String> disabled = postSameOrigin(page(d) + "/disable", cookie, "csrf=" + token + "&reason="
                + encode("maintenance <1>"));
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(303);
        assertThat(disabled.headers().firstValue("Location")).contains(page(d));
        assertThat(store.devices().byId(d.id()).orElseThrow().disabled()).isTrue();
        assertThat(server.relay.calls).anyMatch(c -> c.startsWith("cutDevice:" + d.id() + ":DISABLE:"));
        assertThat(audit("device.disable", d.id())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.details()).containsEntry("reason", "maintenance <1>");
        });
        String after = get(page(d), cookie).body();
        assertThat(after).contains("data-action=\"enable\"").contains("id=\"device-state\">disabled<");

        assertThat(postSameOrigin(page(d) + "/enable", cookie, "csrf=" + token).statusCode()).isEqualTo(303);
        assertThat(store.devices().byId(d.id()).orElseThrow().disabled()).isFalse();
        assertThat(audit("device.enable", d.id())).hasSize(1);

        server.relay.connect(d.id(), Set.of("ssh"));
        assertThat(postSameOrigin(page(d) + "/disconnect", cookie, "csrf=" + token).statusCode()).isEqualTo(303);
        assertThat(server.relay.calls).anyMatch(c -> c.startsWith("cutDevice:" + d.id() + ":DISCONNECT:"));
        assertThat(audit("device.disconnect", d.id())).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("connectionsClosed", "1"));

        server.relay.connect(d.id(), Set.of("ssh"));
        assertThat(postSameOrigin(page(d) + "/services/ssh/disable", cookie, "csrf=" + token).statusCode())
                .isEqualTo(303);
        assertThat(store.devices().byId(d.id()).orElseThrow().disabledServices()).contains("ssh");
        assertThat(audit("device.service-disable", d.id())).hasSize(1);
        assertThat(get(page(d), cookie).body()).contains("action=\"" + page(d) + "/services/ssh/enable\"");
        assertThat(postSameOrigin(page(d) + "/services/ssh/enable", cookie, "csrf=" + token).statusCode())
                .isEqualTo(303);
        assertThat(store.devices().byId(d.id()).orElseThrow().disabledServices()).doesNotContain("ssh");
        HttpResponse<String> badService = postSameOrigin(page(d) + "/services/SSH%20x/disable", cookie,
                "csrf=" + token);
        assertThat(badService.statusCode()).as("the REST endpoint's own check").isEqualTo(400);
        assertHtmlPage(badService);
    }

    @Test
    void labelsBecomeExactlyTheLinesOfTheForm() {
        Device d = newDevice("lab", Map.of("old", "x", "keep", "1"));
        String cookie = signIn(adminToken);
        String token = csrf(get(page(d), cookie).body());
        assertThat(get(page(d), cookie).body()).contains(">keep=1\nold=x\n</textarea>");

        HttpResponse<String> saved = postSameOrigin(page(d) + "/labels", cookie, "csrf=" + token + "&labels="
                + encode("keep=1\r\n site = plant-b \r\n\r\nnote=<i>"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(store.devices().byId(d.id()).orElseThrow().labels())
                .isEqualTo(Map.of("keep", "1", "site", "plant-b", "note", "<i>"));
        assertThat(audit("device.label", d.id())).singleElement()
                .satisfies(e -> assertThat(e.actor()).isEqualTo("admin"));

        HttpResponse<String> bad = postSameOrigin(page(d) + "/labels", cookie, "csrf=" + token + "&labels="
                + encode("site=a\nnovalue"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("labels: line 2 is not key=value");
        HttpResponse<String> control = postSameOrigin(page(d) + "/labels", cookie, "csrf=" + token + "&labels="
                + encode("site=a\u0007b"));
        assertThat(control.statusCode()).as("the REST endpoint's own label check").isEqualTo(400);
        assertThat(store.devices().byId(d.id()).orElseThrow().labels()).containsEntry("site", "plant-b");
    }

    @Test
    void deletingAsksForTheNameAgainThenRunsTheRestDelete() {
        Device d = newDevice("del", Map.of());
        server.relay.connect(d.id(), Set.of("ssh"));
        String cookie = signIn(adminToken);

        HttpResponse<String> confirm = get(page(d) + "/delete", cookie);
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertHtmlPage(confirm);
        assertThat(confirm.body()).contains("action=\"" + page(d) + "/delete\"", "name=\"confirm\"",
                "data-action=\"confirm-delete\"");
        String token = csrf(confirm.body());

        HttpResponse<String> wrong = postSameOrigin(page(d) + "/delete", cookie, "csrf=" + token + "&confirm=nope");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("the name typed does not match");
        assertThat(store.devices().byId(d.id())).isPresent();

        HttpResponse<String> deleted = postSameOrigin(page(d) + "/delete", cookie, "csrf=" + token + "&confirm="
                + d.name());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(303);
        assertThat(deleted.headers().firstValue("Location")).contains("/ui/devices");
        assertThat(store.devices().byId(d.id())).isEmpty();
        assertThat(server.relay.calls).anyMatch(c -> c.startsWith("cutDevice:" + d.id() + ":DELETE:"));
        assertThat(audit("device.delete", d.id())).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("revokedFingerprint", d.certFingerprint()));
        assertThat(get(page(d), cookie).statusCode()).isEqualTo(404);
    }

    @Test
    void auditorsAndOperatorsSeeNoDeviceActionAndTheServerRefusesTheirs() {
        Device d = newDevice("ro", Map.of("site", "a"));
        Account operator = account(Role.OPERATOR);
        grant(operator, d.name(), "ssh", 3600);
        for (String user : List.of(tokenFor(Role.AUDITOR), operator.token())) {
            String cookie = signIn(user);
            String body = get(page(d), cookie).body();
            assertThat(body).doesNotContain("data-action=").doesNotContain("<textarea");
            String token = csrf(body);
            for (String action : List.of("/disable", "/enable", "/disconnect", "/services/ssh/disable",
                    "/services/ssh/enable")) {
                HttpResponse<String> r = postSameOrigin(page(d) + action, cookie, "csrf=" + token + "&reason=x");
                assertThat(r.statusCode()).as(action).isEqualTo(403);
                assertThat(r.body()).contains("may not").contains("(needs ADMIN)");
            }
            assertThat(postSameOrigin(page(d) + "/labels", cookie, "csrf=" + token + "&labels=site%3Db").statusCode())
                    .isEqualTo(403);
            assertThat(postSameOrigin(page(d) + "/delete", cookie, "csrf=" + token + "&confirm=" + d.name())
                    .statusCode()).isEqualTo(403);
            assertThat(get(page(d) + "/delete", cookie).statusCode()).isEqualTo(403);
        }
        Device now = store.devices().byId(d.id()).orElseThrow();
        assertThat(now.disabled()).isFalse();
        assertThat(now.labels()).isEqualTo(Map.of("site", "a"));
        assertThat(now.disabledServices()).isEmpty();
        assertThat(server.relay.calls).noneMatch(c -> c.contains(d.id()));

        String admin = signIn(adminToken);
        String token = csrf(get(page(d), admin).body());
        assertThat(postSameOrigin(page(d) + "/disable", admin, "").statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(send("POST", page(d) + "/disable", admin, "csrf=" + token, Map.of("Origin", "https://evil.example"))
                .statusCode()).as("foreign origin").isEqualTo(403);
        assertThat(store.devices().byId(d.id()).orElseThrow().disabled()).isFalse();
    }

    @Test
    void unknownPathsAndWrongMethodsUnderUiAreHtmlPages() {
        HttpResponse<String> missing = get("/ui/no-such-page", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertHtmlPage(missing);
        assertThat(missing.body()).contains("<h1>Not found</h1>");

        HttpResponse<String> wrong = send("DELETE", "/ui/devices", null, null, Map.of());
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertHtmlPage(wrong);
        assertThat(wrong.headers().firstValue("Allow")).contains("GET");
        assertThat(wrong.body()).contains("<h1>Method not allowed</h1>");
        assertThat(get("/ui/sessions/s_x/cut", null).headers().firstValue("Allow")).contains("POST");

        HttpResponse<String> api = get("/api/v1/no-such-endpoint", null);
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(get("/uix", null).headers().firstValue("Content-Type")).as("not under /ui")
                .contains("application/json; charset=utf-8");
    }
}
