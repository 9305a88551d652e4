package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import dev.warren.store.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /grants}: create, list, get, revoke; who may see what; every bad input a 4xx with the reason. */
class GrantsApiTest extends ApiTestBase {

    private static ObjectNode body(Account to, String device, String service, int ttl) {
        return Http.JSON.createObjectNode().put("user", to.name()).put("device", device).put("service", service)
                .put("ttlSeconds", ttl).put("reason", "ticket 1234");
    }

    @Test
    void anAdminGrantsAServiceOfADeviceForAWhileWithAReason() {
        Account alice = account(Role.OPERATOR);
        Device dev = newDevice("dev", Map.of());
        Instant before = server.clock.instant();
        Http.Resp r = http.post("/api/v1/grants", adminToken, body(alice, dev.name(), "ssh", 1800).toString());

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode g = r.json();
        assertThat(g.get("id").asText()).matches("g_[a-z2-7]{16}");
        assertThat(g.get("user").asText()).isEqualTo(alice.name());
        assertThat(g.get("deviceId").asText()).isEqualTo(dev.id());
        assertThat(g.get("deviceName").asText()).isEqualTo(dev.name());
        assertThat(g.get("selector").isNull()).isTrue();
        assertThat(g.get("service").asText()).isEqualTo("ssh");
        assertThat(g.get("reason").asText()).isEqualTo("ticket 1234");
        assertThat(g.get("createdBy").asText()).isEqualTo("admin");
        assertThat(Instant.parse(g.get("expiresAt").asText())).isEqualTo(before.plusSeconds(1800).truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(g.get("live").asBoolean()).isTrue();

        List<AuditEvent> events = store.audit().query(new AuditQuery(null, "admin", "grant.create", g.get("id").asText(),
                10));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.deviceId()).isEqualTo(dev.id());
            assertThat(e.subject()).isEqualTo(alice.name());
            assertThat(e.details()).containsEntry("reason", "ticket 1234").containsEntry("service", "ssh");
        });
    }

    @Test
    void aSelectorGrantCoversEveryDeviceWithThoseLabels() {
        Account bob = account(Role.OPERATOR);
        String site = unique("plant");
        Device inSite = newDevice("in", Map.of("site", site));
        Device elsewhere = newDevice("out", Map.of("site", "elsewhere"));
        ObjectNode body = Http.JSON.createObjectNode().put("user", bob.name()).put("service", "*")
                .put("ttlSeconds", 60).put("reason", "maintenance");
        body.putObject("selector").put("site", site);
        Http.Resp r = http.post("/api/v1/grants", adminToken, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("selector").get("site").asText()).isEqualTo(site);
        assertThat(r.json().get("deviceId").isNull()).isTrue();

        List<String> seen = names(http.get("/api/v1/devices", bob.token()).json());
        assertThat(seen).contains(inSite.name()).doesNotContain(elsewhere.name());
        assertThat(http.get("/api/v1/grants?device=" + inSite.name(), bob.token()).json()).hasSize(1);
    }

    @Test
    void operatorsSeeOnlyTheirOwnGrantsAndTheDevicesTheyCover() {
        Account alice = account(Role.OPERATOR);
        Account bob = account(Role.OPERATOR);
        Device alices = newDevice("alices", Map.of());
        Device bobs = newDevice("bobs", Map.of());
        String aliceGrant = grant(alice, alices.name(), "ssh", 600);
        String bobGrant = grant(bob, bobs.name(), "ssh", 600);

        assertThat(ids(http.get("/api/v1/grants", alice.token()).json())).containsExactly(aliceGrant);
        assertThat(http.get("/api/v1/grants/" + aliceGrant, alice.token()).status()).isEqualTo(200);
        Http.Resp other = http.get("/api/v1/grants/" + bobGrant, alice.token());
        Http.Resp absent = http.get("/api/v1/grants/g_aaaaaaaaaaaaaaaa", alice.token());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.message()).isEqualTo(absent.message().replace("g_aaaaaaaaaaaaaaaa", bobGrant));
        Http.Resp filter = http.get("/api/v1/grants?user=" + bob.name(), alice.token());
        assertThat(filter.status()).isEqualTo(403);
        assertThat(filter.message()).startsWith("operators see only their own grants");

        assertThat(names(http.get("/api/v1/devices", alice.token()).json())).contains(alices.name())
                .doesNotContain(bobs.name());
        Http.Resp hidden = http.get("/api/v1/devices/" + bobs.name(), alice.token());
        Http.Resp missing = http.get("/api/v1/devices/no-such-device-x", alice.token());
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(hidden.message()).isEqualTo("no device '" + bobs.name() + "' (expected: a device id or name)");
        assertThat(missing.message()).isEqualTo("no device 'no-such-device-x' (expected: a device id or name)");
        Http.Resp hiddenSessions = http.get("/api/v1/sessions?device=" + bobs.name(), alice.token());
        assertThat(hiddenSessions.status()).isEqualTo(404);
        assertThat(hiddenSessions.message()).isEqualTo(hidden.message());

        Http.Resp all = http.get("/api/v1/grants?user=" + alice.name(), tokenFor(Role.AUDITOR));
        assertThat(ids(all.json())).containsExactly(aliceGrant);
    }

    @Test
    void revokingEndsTheGrantAndTellsTheRelayOnce() {
        Account carol = account(Role.OPERATOR);
        Device dev = newDevice("rev", Map.of());
        String id = grant(carol, dev.name(), "ssh", 600);

        Http.Resp r = http.delete("/api/v1/grants/" + id, adminToken);
        assertThat(r.status()).isEqualTo(204);
        assertThat(server.relay.calls).anySatisfy(c -> assertThat(c).startsWith("grantRevoked:" + id + ":grant " + id
                + " revoked by admin at "));
        Grant stored = store.grants().byId(id).orElseThrow();
        assertThat(stored.revokedBy()).isEqualTo("admin");
        assertThat(http.get("/api/v1/grants/" + id, adminToken).json().get("live").asBoolean()).isFalse();
        assertThat(ids(http.get("/api/v1/grants?active=true&user=" + carol.name(), adminToken).json())).isEmpty();

        Http.Resp again = http.delete("/api/v1/grants/" + id, adminToken);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).startsWith("grant " + id + " was already revoked at ").endsWith(" by admin");
        assertThat(store.audit().query(new AuditQuery(null, "admin", "grant.revoke", id, 10))).hasSize(1);
    }

    @Test
    void anExpiredGrantCannotBeRevoked() {
        Account dave = account(Role.OPERATOR);
        String id = grant(dave, newDevice("exp", Map.of()).name(), "ssh", 5);
        server.clock.advance(java.time.Duration.ofSeconds(6));
        Http.Resp r = http.delete("/api/v1/grants/" + id, adminToken);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).startsWith("grant " + id + " already expired at ");
    }

    @Test
    void grantsGoToEnabledOperatorsOfDevicesThatExist() {
        Account admin2 = account(Role.ADMIN);
        Account auditor = account(Role.AUDITOR);
        Account disabled = account(Role.OPERATOR);
        store.users().setDisabled(disabled.user().id(), true);
        Device dev = newDevice("dev", Map.of());

        Http.Resp toAdmin = http.post("/api/v1/grants", adminToken, body(admin2, dev.name(), "ssh", 60).toString());
        assertThat(toAdmin.status()).isEqualTo(409);
        assertThat(toAdmin.message()).isEqualTo("user '" + admin2.name() + "' has role ADMIN (expected: an OPERATOR;"
                + " admins need no grant, auditors open no streams)");
        assertThat(http.post("/api/v1/grants", adminToken, body(auditor, dev.name(), "ssh", 60).toString()).status())
                .isEqualTo(409);
        Http.Resp toDisabled = http.post("/api/v1/grants", adminToken, body(disabled, dev.name(), "ssh", 60).toString());
        assertThat(toDisabled.status()).isEqualTo(409);
        assertThat(toDisabled.message()).contains("is disabled");

        Account ok = account(Role.OPERATOR);
        Http.Resp noDevice = http.post("/api/v1/grants", adminToken, body(ok, "ghost-device", "ssh", 60).toString());
        assertThat(noDevice.status()).isEqualTo(404);
        assertThat(noDevice.message()).isEqualTo("no device 'ghost-device' (expected: a device id or name)");
        ObjectNode noUser = body(ok, dev.name(), "ssh", 60).put("user", "nobody-at-all");
        Http.Resp r = http.post("/api/v1/grants", adminToken, noUser.toString());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.message()).isEqualTo("no user 'nobody-at-all' (expected: a user name or id)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"device\":\"d\",\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\"r\"}              | user, fromDevice: neither given (expected: exactly one: the operator, or for a device-to-device grant the device whose agent forwards connections)",
            "{\"user\":\"U\",\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\"r\"}                 | device, selector: neither given (expected: exactly one: a device name or id, or a label selector such as {\"site\":\"plant-b\"})",
            "{\"user\":\"U\",\"device\":\"D\",\"selector\":{\"a\":\"b\"},\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\"r\"} | device, selector: both given (expected: exactly one: a device name or id, or a label selector such as {\"site\":\"plant-b\"})",
            "{\"user\":\"U\",\"selector\":{},\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\"r\"}    | selector: empty (expected: at least one label, e.g. {\"site\":\"plant-b\"})",
            "{\"user\":\"U\",\"selector\":\"site=b\",\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\"r\"} | selector: a string (expected: an object of strings)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"SSH!\",\"ttlSeconds\":60,\"reason\":\"r\"}  | service: 'SSH!' (expected: a service name such as ssh, or * for every service)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"ssh\",\"reason\":\"r\"}                    | ttlSeconds: missing (expected: a whole number, 1..7776000)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"ssh\",\"ttlSeconds\":\"30m\",\"reason\":\"r\"} | ttlSeconds: a string (expected: a whole number, 1..7776000)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"ssh\",\"ttlSeconds\":0,\"reason\":\"r\"}    | ttlSeconds: 0 (expected: 1..7776000)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"ssh\",\"ttlSeconds\":1.5,\"reason\":\"r\"}  | ttlSeconds: 1.5 (expected: a whole number, 1..7776000)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\" \"}  | reason: blank (expected: why, e.g. a ticket: 1..512 characters of one line)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"ssh\",\"ttlSeconds\":60}                   | reason: missing (expected: a string)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":\"ssh\",\"ttlSeconds\":60,\"reason\":\"r\",\"until\":1} | unknown field 'until' (expected: device, fromDevice, reason, selector, service, ttlSeconds, user)",
            "{\"user\":\"U\",\"device\":\"D\",\"service\":[\"ssh\"],\"ttlSeconds\":60,\"reason\":\"r\"} | service: an array (expected: a string)",
    })
    void badGrantsAre400WithTheField(String template, String message) {
        Account u = account(Role.OPERATOR);
        Device d = newDevice("bad", Map.of());
        Http.Resp r = http.post("/api/v1/grants", adminToken, template.replace("\"U\"", "\"" + u.name() + "\"")
                .replace("\"D\"", "\"" + d.name() + "\""));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("bad_request");
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void badListParametersAre400() {
        assertThat(http.get("/api/v1/grants?active=maybe", adminToken).message())
                .isEqualTo("active: 'maybe' (expected: true or false)");
        assertThat(http.get("/api/v1/grants?limit=0", adminToken).message()).isEqualTo("limit: '0' (expected: 1..1000)");
        assertThat(http.get("/api/v1/grants?owner=x", adminToken).message())
                .isEqualTo("unknown query parameter 'owner' (expected: active, device, fromDevice, limit, user)");
        assertThat(http.get("/api/v1/grants/not-an-id", adminToken).status()).isEqualTo(404);
    }

    static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
