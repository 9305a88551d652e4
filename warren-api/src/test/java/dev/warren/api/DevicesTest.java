package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Device;
import dev.warren.store.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevicesTest extends ApiTestBase {

    private static Device device(String name) {
        return store.devices().create(name, Map.of("site", "lab"), "ab".repeat(32), Instant.now().plusSeconds(3600));
    }

    @Test
    void listShowsRegistryFieldsAndTheLiveState() {
        Device online = device(unique("online"));
        Device offline = device(unique("offline"));
        server.relay.connect(online.id(), Set.of("ssh", "http"));

        Http.Resp r = http.get("/api/v1/devices", tokenFor(Role.AUDITOR));
        assertThat(r.status()).isEqualTo(200);
        JsonNode on = find(r.json(), online.id());
        JsonNode off = find(r.json(), offline.id());
        assertThat(on.get("name").asText()).isEqualTo(online.name());
        assertThat(on.get("online").asBoolean()).isTrue();
        assertThat(strings(on.get("services"))).containsExactly("http", "ssh");
        assertThat(on.get("labels").get("site").asText()).isEqualTo("lab");
        assertThat(on.get("onlineNode").asText()).isEqualTo("node-test");
        assertThat(Instant.parse(on.get("certNotAfter").asText())).isEqualTo(online.certNotAfter());
        assertThat(on.has("lastSeenAt")).isTrue();
        assertThat(on.has("agentVersion")).isTrue();
        assertThat(off.get("online").asBoolean()).isFalse();
        assertThat(strings(off.get("services"))).isEmpty();
    }

    @Test
    void storeOnlineOnAnotherNodeCounts() {
        Device elsewhere = device(unique("elsewhere"));
        store.devices().markOnline(elsewhere.id(), "node-b", "10.0.0.9", "0.9.0", Instant.now());
        JsonNode d = http.get("/api/v1/devices/" + elsewhere.id(), adminToken).json();
        assertThat(d.get("online").asBoolean()).isTrue();
        assertThat(d.get("onlineNode").asText()).isEqualTo("node-b");
        assertThat(d.get("agentVersion").asText()).isEqualTo("0.9.0");
    }

    @Test
    void oneDeviceByIdOrName() {
        Device d = device(unique("single"));
        String auditor = tokenFor(Role.AUDITOR);
        Http.Resp byId = http.get("/api/v1/devices/" + d.id(), auditor);
        Http.Resp byName = http.get("/api/v1/devices/" + d.name(), auditor);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byName.status()).isEqualTo(200);
        assertThat(byId.json().get("id").asText()).isEqualTo(d.id());
        assertThat(byName.json().get("id").asText()).isEqualTo(d.id());
    }

    @Test
    void unknownDeviceIs404() {
        Http.Resp r = http.get("/api/v1/devices/nope", adminToken);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("not_found");
        assertThat(r.message()).isEqualTo("no device 'nope' (expected: a device id or name)");
    }

    @Test
    void devicesNeedAToken() {
        assertThat(http.get("/api/v1/devices", null).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/devices/x", null).status()).isEqualTo(401);
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode d : array) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        throw new AssertionError("no device " + id + " in " + array);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
