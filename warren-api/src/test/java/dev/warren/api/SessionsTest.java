package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Device;
import dev.warren.store.Role;
import dev.warren.store.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionsTest extends ApiTestBase {
    private Device device;
    private Device other;
    private Instant now;

    @BeforeEach
    void sessions() {
        now = server.clock.instant().truncatedTo(ChronoUnit.SECONDS);
        device = store.devices().create(unique("sess"), Map.of(), "cd".repeat(32), now.plusSeconds(3600));
        other = store.devices().create(unique("sess"), Map.of(), "ef".repeat(32), now.plusSeconds(3600));
        open(device, "s-old-" + device.id(), now.minus(Duration.ofHours(3)));
        open(device, "s-closed-" + device.id(), now.minus(Duration.ofMinutes(20)));
        store.sessions().closed("s-closed-" + device.id(), now.minus(Duration.ofMinutes(10)), 100, 2000, "operator closed");
        open(device, "s-open-" + device.id(), now.minus(Duration.ofMinutes(5)));
        open(other, "s-other-" + other.id(), now.minus(Duration.ofMinutes(1)));
    }

    private static void open(Device d, String id, Instant at) {
        store.sessions().opened(SessionRecord.open(id, d.id(), d.name(), "ssh", "olga", "10.1.2.3", "node-test", at));
    }

    @Test
    void sessionsOfADeviceNewestFirst() {
        Http.Resp r = http.get("/api/v1/sessions?device=" + device.name(), tokenFor(Role.AUDITOR));
        assertThat(r.status()).isEqualTo(200);
        assertThat(ids(r.json())).containsExactly("s-open-" + device.id(), "s-closed-" + device.id(),
                "s-old-" + device.id());
        JsonNode closed = r.json().get(1);
        assertThat(closed.get("deviceId").asText()).isEqualTo(device.id());
        assertThat(closed.get("deviceName").asText()).isEqualTo(device.name());
        assertThat(closed.get("service").asText()).isEqualTo("ssh");
        assertThat(closed.get("operator").asText()).isEqualTo("olga");
        assertThat(closed.get("sourceAddress").asText()).isEqualTo("10.1.2.3");
        assertThat(closed.get("relayNode").asText()).isEqualTo("node-test");
        assertThat(closed.get("startedAt").asText()).isEqualTo(now.minus(Duration.ofMinutes(20)).toString());
        assertThat(closed.get("endedAt").asText()).isEqualTo(now.minus(Duration.ofMinutes(10)).toString());
        assertThat(closed.get("bytesToDevice").asLong()).isEqualTo(100);
        assertThat(closed.get("bytesFromDevice").asLong()).isEqualTo(2000);
        assertThat(closed.get("closeReason").asText()).isEqualTo("operator closed");
        assertThat(r.json().get(0).get("endedAt").isNull()).isTrue();
    }

    @Test
    void filtersByIdOpenSinceAndLimit() {
        String token = tokenFor(Role.AUDITOR);
        String base = "/api/v1/sessions?device=" + device.id();
        assertThat(ids(http.get(base + "&open=true", token).json()))
                .containsExactly("s-open-" + device.id(), "s-old-" + device.id());
        assertThat(ids(http.get(base + "&since=1h", token).json()))
                .containsExactly("s-open-" + device.id(), "s-closed-" + device.id());
        assertThat(ids(http.get(base + "&since=" + now.minus(Duration.ofMinutes(6)), token).json()))
                .containsExactly("s-open-" + device.id());
        assertThat(ids(http.get(base + "&limit=1", token).json())).containsExactly("s-open-" + device.id());
        assertThat(ids(http.get("/api/v1/sessions?since=2m", token).json())).contains("s-other-" + other.id())
                .doesNotContain("s-open-" + device.id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "open=yes       | open: 'yes' (expected: true or false)",
            "limit=0        | limit: '0' (expected: 1..1000)",
            "limit=1001     | limit: '1001' (expected: 1..1000)",
            "limit=ten      | limit: 'ten' (expected: 1..1000)",
            "since=yesterday| since: 'yesterday' (expected: an ISO-8601 time such as 2026-11-23T08:00:00Z, or an age such as 30m, 1h, 7d)",
            "dev=x          | unknown query parameter 'dev' (expected: device, limit, open, since, user)",
            "limit=1&limit=2| limit: given 2 times (expected: once)",
    })
    void badParametersAre400(String query, String message) {
        Http.Resp r = http.get("/api/v1/sessions?" + query, adminToken);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void unknownDeviceIs404() {
        Http.Resp r = http.get("/api/v1/sessions?device=ghost", adminToken);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.message()).isEqualTo("no device 'ghost' (expected: a device id or name)");
    }

    @Test
    void anOperatorSeesOnlyTheirOwnSessions() {
        Http.Resp own = http.get("/api/v1/sessions", tokenFor(Role.OPERATOR));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json()).as("a new operator has none; olga's are not theirs").isEmpty();
        Http.Resp other = http.get("/api/v1/sessions?user=olga", tokenFor(Role.OPERATOR));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.message()).startsWith("operators see only their own sessions");
        assertThat(ids(http.get("/api/v1/sessions?user=olga&device=" + device.name(), adminToken).json()))
                .hasSize(3);
    }

    @Test
    void anAdminCutsALiveSessionOnThisNode() {
        String open = "s-open-" + device.id();
        server.relay.liveSession(open);
        Http.Resp cut = http.delete("/api/v1/sessions/" + open, adminToken);
        assertThat(cut.status()).isEqualTo(204);
        assertThat(server.relay.calls).contains("cutSession:" + open + ":session cut by an admin (admin)");
        Http.Resp elsewhere = http.delete("/api/v1/sessions/" + open, adminToken);
        assertThat(elsewhere.status()).as("open in the store, not live here").isEqualTo(409);
        assertThat(elsewhere.message()).isEqualTo("session " + open + " is not carried by this relay node (it runs on"
                + " node-test; ask that node)");
        Http.Resp ended = http.delete("/api/v1/sessions/s-closed-" + device.id(), adminToken);
        assertThat(ended.status()).isEqualTo(409);
        assertThat(ended.message()).startsWith("session s-closed-" + device.id() + " already ended at ")
                .endsWith("(operator closed)");
        assertThat(http.delete("/api/v1/sessions/s-none", adminToken).status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/sessions/" + open, tokenFor(Role.OPERATOR)).status()).isEqualTo(403);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }
}
