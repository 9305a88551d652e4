package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.Device;
import dev.warren.store.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an admin does to a device: labels, disable/enable, disconnect, delete, per-service disable/enable. */
class DeviceActionsApiTest extends ApiTestBase {

    @Test
    void labelsAreMergedAndNullRemovesOne() {
        Device d = newDevice("lab", Map.of("site", "a", "old", "x"));
        Http.Resp r = http.send("PATCH", "/api/v1/devices/" + d.name(), adminToken,
                "{\"labels\":{\"site\":\"plant-b\",\"old\":null,\"tier\":\"edge\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("labels").toString()).isEqualTo("{\"site\":\"plant-b\",\"tier\":\"edge\"}");
        assertThat(store.devices().byId(d.id()).orElseThrow().labels())
                .isEqualTo(Map.of("site", "plant-b", "tier", "edge")); // Map.of iterates in a per-JVM random order
        assertThat(audit(d, "device.label")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("labels", "site=plant-b,tier=edge"));
    }

    @Test
    void badLabelPatchesAre400() {
        Device d = newDevice("lab", Map.of());
        String path = "/api/v1/devices/" + d.name();
        assertThat(http.send("PATCH", path, adminToken, "{}").message())
                .isEqualTo("labels: missing (expected: an object of label values, null to remove one)");
        assertThat(http.send("PATCH", path, adminToken, "{\"labels\":[]}").message())
                .isEqualTo("labels: an array (expected: an object of strings or nulls)");
        assertThat(http.send("PATCH", path, adminToken, "{\"labels\":{\"a\":1}}").message())
                .isEqualTo("labels.a: a number (expected: a string, or null to remove it)");
        assertThat(http.send("PATCH", path, adminToken, "{\"labels\":{},\"disabled\":true}").message())
                .isEqualTo("unknown field 'disabled' (expected: labels)");
        assertThat(http.send("PATCH", path, tokenFor(Role.OPERATOR), "{\"labels\":{}}").status()).isEqualTo(403);
    }

    @Test
    void disableCutsTheDeviceAndEnableLetsItBack() {
        Device d = newDevice("dis", Map.of());
        server.relay.connect(d.id(), Set.of("ssh"));
        Http.Resp r = http.post("/api/v1/devices/" + d.name() + "/disable", adminToken, "{\"reason\":\"stolen\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("disabled").asBoolean()).isTrue();
        assertThat(store.devices().byId(d.id()).orElseThrow().disabled()).isTrue();
        assertThat(server.relay.calls).contains("cutDevice:" + d.id() + ":DISABLE:device '" + d.name()
                + "' disabled by admin: stolen");
        assertThat(audit(d, "device.disable")).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("reason", "stolen").containsEntry("connectionsClosed", "1"));

        Http.Resp enabled = http.post("/api/v1/devices/" + d.id() + "/enable", adminToken, null);
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().get("disabled").asBoolean()).isFalse();
        assertThat(audit(d, "device.enable")).hasSize(1);
    }

    @Test
    void disconnectKicksTheAgentAndSaysWhetherItWasHere() {
        Device d = newDevice("kick", Map.of());
        server.relay.connect(d.id(), Set.of("ssh"));
        Http.Resp r = http.post("/api/v1/devices/" + d.name() + "/disconnect", adminToken, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("connectionsClosed").asInt()).isEqualTo(1);
        assertThat(http.post("/api/v1/devices/" + d.name() + "/disconnect", adminToken, null).json()
                .get("connectionsClosed").asInt()).isZero();
        assertThat(server.relay.calls).contains("cutDevice:" + d.id() + ":DISCONNECT:disconnected by admin");
    }

    @Test
    void deleteRemovesTheDeviceAndRevokesItsCertificate() {
        Device d = newDevice("del", Map.of());
        Http.Resp r = http.delete("/api/v1/devices/" + d.name(), adminToken);
        assertThat(r.status()).isEqualTo(204);
        assertThat(store.devices().byId(d.id())).isEmpty();
        assertThat(store.devices().revokedCertificate(d.certFingerprint())).hasValueSatisfying(rc ->
                assertThat(rc.reason()).isEqualTo("deleted by admin"));
        assertThat(server.relay.calls).anySatisfy(c -> assertThat(c).startsWith("cutDevice:" + d.id() + ":DELETE:"));
        assertThat(http.get("/api/v1/devices/" + d.name(), adminToken).status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/devices/" + d.name(), adminToken).status()).isEqualTo(404);
        assertThat(store.audit().query(new AuditQuery(null, null, "device.delete", null, d.id(), null, 10)))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("revokedFingerprint",
                        d.certFingerprint()));
    }

    @Test
    void aServiceCanBeDisabledAndEnabledOnTheRelaySide() {
        Device d = newDevice("svc", Map.of());
        Http.Resp r = http.post("/api/v1/devices/" + d.name() + "/services/ssh/disable", adminToken, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(strings(r.json().get("disabledServices"))).containsExactly("ssh");
        assertThat(server.relay.calls).contains("serviceDisabled:" + d.id() + "/ssh:true:service 'ssh' of device '"
                + d.name() + "' disabled by an admin (admin)");
        Http.Resp again = http.post("/api/v1/devices/" + d.name() + "/services/ssh/disable", adminToken, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(audit(d, "device.service-disable")).hasSize(2).first()
                .satisfies(e -> assertThat(e.details()).containsEntry("changed", "false"));

        Http.Resp enabled = http.post("/api/v1/devices/" + d.name() + "/services/ssh/enable", adminToken, null);
        assertThat(strings(enabled.json().get("disabledServices"))).isEmpty();
        assertThat(http.post("/api/v1/devices/" + d.name() + "/services/SSH!/disable", adminToken, null).message())
                .isEqualTo("service: 'SSH!' (expected: lowercase letters, digits, '.', '_' or '-', 1..63)");
    }

    @Test
    void actionsOnAnUnknownDeviceAre404AndTakeOnlyAReason() {
        for (String action : List.of("disable", "enable", "disconnect", "services/ssh/disable")) {
            Http.Resp r = http.post("/api/v1/devices/ghost-x/" + action, adminToken, null);
            assertThat(r.status()).as(action).isEqualTo(404);
            assertThat(r.message()).isEqualTo("no device 'ghost-x' (expected: a device id or name)");
        }
        Device d = newDevice("rsn", Map.of());
        assertThat(http.post("/api/v1/devices/" + d.name() + "/disconnect", adminToken, "{\"why\":\"x\"}").message())
                .isEqualTo("unknown field 'why' (expected: reason)");
        assertThat(http.post("/api/v1/devices/" + d.name() + "/disconnect", adminToken, "{\"reason\":5}").message())
                .isEqualTo("reason: a number (expected: a string)");
    }

    private static List<AuditEvent> audit(Device d, String action) {
        return store.audit().query(new AuditQuery(null, null, action, null, d.id(), null, 10));
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
