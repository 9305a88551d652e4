package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Device;
import dev.warren.store.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /audit}: filters, who may read it, that nothing changes it, and the JSON-lines copy. */
class AuditApiTest extends ApiTestBase {
    @TempDir
    Path auditDir;

    @Test
    void adminsAndAuditorsQueryByDeviceUserActionAndSince() {
        Account alice = account(Role.OPERATOR);
        Device d = newDevice("aud", Map.of());
        String grant = grant(alice, d.name(), "ssh", 600);
        http.post("/api/v1/devices/" + d.name() + "/disable", adminToken, null);

        for (String token : List.of(adminToken, tokenFor(Role.AUDITOR))) {
            JsonNode byDevice = http.get("/api/v1/audit?device=" + d.name(), token).json();
            assertThat(byDevice.findValuesAsText("action")).containsExactly("device.disable", "grant.create");
            JsonNode byUser = http.get("/api/v1/audit?user=" + alice.name() + "&action=grant.create", token).json();
            assertThat(byUser).singleElement().satisfies(e -> {
                assertThat(e.get("target").asText()).isEqualTo(grant);
                assertThat(e.get("actor").asText()).isEqualTo("admin");
                assertThat(e.get("subject").asText()).isEqualTo(alice.name());
                assertThat(e.get("deviceId").asText()).isEqualTo(d.id());
                assertThat(e.get("outcome").asText()).isEqualTo("ok");
                assertThat(e.get("source").asText()).isEqualTo("127.0.0.1");
                assertThat(e.get("details").get("reason").asText()).isEqualTo("test");
                assertThat(e.get("seq").asLong()).isPositive();
            });
            assertThat(http.get("/api/v1/audit?since=1h&device=" + d.id() + "&limit=1", token).json()).hasSize(1);
        }
    }

    @Test
    void operatorsMayNotReadTheTrailAndNobodyMayChangeIt() {
        Http.Resp r = http.get("/api/v1/audit", tokenFor(Role.OPERATOR));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).isEqualTo("role OPERATOR may not GET /api/v1/audit (needs ADMIN or AUDITOR)");
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            Http.Resp change = http.send(method, "/api/v1/audit", adminToken, "{}");
            assertThat(change.status()).as(method).isEqualTo(405);
            assertThat(change.headers().firstValue("allow")).hasValue("GET");
        }
        assertThat(http.send("DELETE", "/api/v1/audit/1", adminToken, null).status()).isEqualTo(404);
    }

    @Test
    void badQueriesAre400Or404() {
        assertThat(http.get("/api/v1/audit?since=soon", adminToken).message()).startsWith("since: 'soon' (expected:");
        assertThat(http.get("/api/v1/audit?action=DROP%20TABLE", adminToken).message())
                .startsWith("action: 'DROP TABLE' (expected: an action such as");
        assertThat(http.get("/api/v1/audit?limit=10001", adminToken).message())
                .isEqualTo("limit: '10001' (expected: 1..10000)");
        assertThat(http.get("/api/v1/audit?who=x", adminToken).message())
                .isEqualTo("unknown query parameter 'who' (expected: action, actor, before, device, limit, outcome,"
                        + " since, until, user)");
        assertThat(http.get("/api/v1/audit?device=ghost-z", adminToken).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/audit?device=d_aaaaaaaaaaaaaaaa", adminToken).status())
                .as("a deleted device's trail by id").isEqualTo(200);
    }

    @Test
    void everyEventIsAlsoAnOwnerOnlyJsonLine() throws Exception {
        server.close();
        Path file = auditDir.resolve("audit.log");
        server = new ApiServer(store, ca, null, java.time.Duration.ofSeconds(60), file);
        http = new Http(baseUrl());
        Account bob = account(Role.OPERATOR);
        Device d = newDevice("line", Map.of());
        String grant = grant(bob, d.name(), "web", 60);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).isNotEmpty();
        JsonNode last = Http.JSON.readTree(lines.getLast());
        assertThat(last.get("action").asText()).isEqualTo("grant.create");
        assertThat(last.get("target").asText()).isEqualTo(grant);
        assertThat(last.get("deviceId").asText()).isEqualTo(d.id());
        assertThat(last.get("subject").asText()).isEqualTo(bob.name());
        assertThat(last.get("seq").asLong()).isEqualTo(http.get("/api/v1/audit?action=grant.create&limit=1",
                adminToken).json().get(0).get("seq").asLong());
        assertThat(String.join("\n", lines)).doesNotContain(adminToken).doesNotContain(bob.token());
    }
}
