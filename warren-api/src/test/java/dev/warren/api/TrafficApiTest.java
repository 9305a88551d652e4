package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Device;
import dev.warren.store.Role;
import dev.warren.store.Traffic;
import dev.warren.store.TrafficSample;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrafficApiTest extends ApiTestBase {
    private Device device;
    private Device other;
    private Instant hour;

    @BeforeEach
    void traffic() {
        hour = Instant.ofEpochSecond(Traffic.floor(server.clock.instant().getEpochSecond(), Traffic.HOUR))
                .minusSeconds(3 * 3600);
        device = newDevice("traffic", Map.of());
        other = newDevice("traffic", Map.of());
        store.traffic().add("node-a", List.of(
                new TrafficSample(hour, device.id(), device.name(), "ssh", 1000, 50_000, 1),
                new TrafficSample(hour.plusSeconds(60), device.id(), device.name(), "ssh", 10, 20, 0),
                new TrafficSample(hour.plusSeconds(120), device.id(), device.name(), "http", 5, 6, 2),
                new TrafficSample(hour, other.id(), other.name(), "ssh", 7, 7, 1)));
        store.traffic().add("node-b", List.of(new TrafficSample(hour, device.id(), device.name(), "ssh", 1, 1, 1)));
    }

    private String range(int minutes) {
        return "from=" + hour + "&to=" + hour.plusSeconds(minutes * 60L);
    }

    @Test
    void anAdminGetsDenseSeriesPerServiceSummedOverNodes() {
        Http.Resp r = http.get("/api/v1/traffic?device=" + device.name() + "&" + range(5) + "&step=60&group=service",
                adminToken);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("step").asInt()).isEqualTo(60);
        assertThat(body.get("group").asText()).isEqualTo("service");
        assertThat(body.get("from").asText()).isEqualTo(hour.toString());
        JsonNode series = body.get("series");
        assertThat(series).hasSize(2);
        JsonNode http = series.get(0);
        assertThat(http.get("service").asText()).isEqualTo("http");
        assertThat(http.get("device").asText()).isEqualTo(device.name());
        assertThat(http.get("deviceId").asText()).isEqualTo(device.id());
        assertThat(http.get("points")).hasSize(5);
        assertThat(http.get("points").get(2).get("sessions").asLong()).isEqualTo(2);
        assertThat(http.get("points").get(0).get("bytesToDevice").asLong()).as("zeros are filled in").isZero();
        JsonNode ssh = series.get(1);
        assertThat(ssh.get("points").get(0).get("bytesToDevice").asLong()).isEqualTo(1001);
        assertThat(ssh.get("points").get(0).get("bytesFromDevice").asLong()).isEqualTo(50_001);
        assertThat(ssh.get("totals").get("bytesToDevice").asLong()).isEqualTo(1011);
        assertThat(ssh.get("totals").get("sessions").asLong()).isEqualTo(2);
    }

    @Test
    void totalsAndPerDeviceAcrossDevices() {
        Http.Resp total = http.get("/api/v1/traffic?" + range(60) + "&step=1h", adminToken);
        assertThat(total.status()).as(total.body()).isEqualTo(200);
        JsonNode series = total.json().get("series");
        assertThat(series).hasSize(1);
        assertThat(series.get(0).get("device").isNull()).isTrue();
        assertThat(series.get(0).get("totals").get("bytesToDevice").asLong())
                .as("other tests' devices may add to it").isGreaterThanOrEqualTo(1000 + 10 + 5 + 7 + 1);

        Http.Resp perDevice = http.get("/api/v1/traffic?" + range(60) + "&step=1h&group=device", adminToken);
        assertThat(perDevice.json().get("series").findValuesAsText("device")).contains(device.name(), other.name());
    }

    @Test
    void anOperatorSeesOnlyTheDevicesTheirGrantsCover() {
        Account op = account(Role.OPERATOR);
        Http.Resp none = http.get("/api/v1/traffic?device=" + device.name() + "&" + range(5), op.token());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.message()).isEqualTo("no device '" + device.name() + "' (expected: a device id or name)");

        grant(op, device.name(), "ssh", 3600);
        Http.Resp mine = http.get("/api/v1/traffic?" + range(5) + "&step=5m&group=device", op.token());
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.json().get("series").findValuesAsText("device")).containsExactly(device.name());
        assertThat(http.get("/api/v1/traffic?device=" + other.name() + "&" + range(5), op.token()).status())
                .isEqualTo(404);
    }

    @Test
    void anAuditorReadsEverything() {
        String auditor = tokenFor(Role.AUDITOR);
        Http.Resp r = http.get("/api/v1/traffic?device=" + other.id() + "&" + range(5), auditor);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("series").get(0).get("totals").get("bytesToDevice").asLong()).isEqualTo(7);
    }

    @Test
    void badParametersAreNamed() {
        assertThat(http.get("/api/v1/traffic?step=90", adminToken).message())
                .startsWith("step: '90' (expected: a multiple of a minute");
        assertThat(http.get("/api/v1/traffic?group=node", adminToken).message())
                .isEqualTo("group: 'node' (expected: total, device or service)");
        assertThat(http.get("/api/v1/traffic?from=30d&step=60", adminToken).message())
                .contains("use a larger step");
        assertThat(http.get("/api/v1/traffic?from=1h&to=2h", adminToken).message())
                .contains("expected: from before to");
        assertThat(http.get("/api/v1/traffic?bucket=1", adminToken).status()).isEqualTo(400);
    }

    @Test
    void theDefaultRangeIsADayInFiveMinuteSteps() {
        Http.Resp r = http.get("/api/v1/traffic", adminToken);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("step").asInt()).isEqualTo(300);
        assertThat(r.json().get("series").get(0).get("points").size()).isBetween(288, 289);
    }
}
