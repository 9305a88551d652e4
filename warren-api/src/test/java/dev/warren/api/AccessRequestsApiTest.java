package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.store.Device;
import dev.warren.store.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /access-requests}: an operator asks, an admin approves (a grant) or denies. */
class AccessRequestsApiTest extends ApiTestBase {

    private static String request(String device, String service, int ttl) {
        return "{\"device\":\"" + device + "\",\"service\":\"" + service + "\",\"ttlSeconds\":" + ttl
                + ",\"reason\":\"ticket 99\"}";
    }

    @Test
    void anApprovedRequestBecomesAGrant() {
        Account alice = account(Role.OPERATOR);
        Device d = newDevice("req", Map.of());
        Http.Resp r = http.post("/api/v1/access-requests", alice.token(), request(d.name(), "ssh", 900));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").asText();
        assertThat(r.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(http.get("/api/v1/devices/" + d.name(), alice.token()).status()).as("not yet").isEqualTo(404);

        Http.Resp pending = http.get("/api/v1/access-requests?status=pending", adminToken);
        assertThat(pending.json().findValuesAsText("id")).contains(id);
        Http.Resp approved = http.post("/api/v1/access-requests/" + id + "/approve", adminToken,
                "{\"ttlSeconds\":600,\"note\":\"go ahead\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        JsonNode grant = approved.json().get("grant");
        assertThat(grant.get("user").asText()).isEqualTo(alice.name());
        assertThat(grant.get("deviceId").asText()).isEqualTo(d.id());
        assertThat(grant.get("requestId").asText()).isEqualTo(id);
        assertThat(grant.get("reason").asText()).isEqualTo("ticket 99 (request " + id + ")");
        assertThat(approved.json().get("request").get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.json().get("request").get("grantId").asText()).isEqualTo(grant.get("id").asText());
        assertThat(http.get("/api/v1/devices/" + d.name(), alice.token()).status()).isEqualTo(200);

        Http.Resp twice = http.post("/api/v1/access-requests/" + id + "/deny", adminToken, null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.message()).isEqualTo("access request " + id + " was already approved by admin");
    }

    @Test
    void aRequestNeverTellsItsAuthorWhetherTheDeviceExists() {
        Account bob = account(Role.OPERATOR);
        Http.Resp ghost = http.post("/api/v1/access-requests", bob.token(), request("ghost-device", "ssh", 60));
        Http.Resp real = http.post("/api/v1/access-requests", bob.token(),
                request(newDevice("real", Map.of()).name(), "ssh", 60));
        assertThat(ghost.status()).isEqualTo(201);
        assertThat(real.status()).isEqualTo(201);

        String id = ghost.json().get("id").asText();
        Http.Resp approve = http.post("/api/v1/access-requests/" + id + "/approve", adminToken, null);
        assertThat(approve.status()).isEqualTo(404);
        assertThat(approve.message()).startsWith("no device 'ghost-device'");
        Http.Resp denied = http.post("/api/v1/access-requests/" + id + "/deny", adminToken, "{\"note\":\"no such\"}");
        assertThat(denied.status()).isEqualTo(200);
        assertThat(denied.json().get("status").asText()).isEqualTo("DENIED");
        assertThat(denied.json().get("note").asText()).isEqualTo("no such");
    }

    @Test
    void operatorsSeeOnlyTheirOwnRequestsAndCannotDecide() {
        Account carol = account(Role.OPERATOR);
        Account dave = account(Role.OPERATOR);
        String mine = http.post("/api/v1/access-requests", carol.token(), request("site=plant-b", "*", 60)).json()
                .get("id").asText();
        http.post("/api/v1/access-requests", dave.token(), request("dev-1", "ssh", 60));

        assertThat(http.get("/api/v1/access-requests", carol.token()).json().findValuesAsText("id"))
                .containsExactly(mine);
        assertThat(http.get("/api/v1/access-requests/" + mine, dave.token()).status()).isEqualTo(404);
        assertThat(http.post("/api/v1/access-requests/" + mine + "/approve", carol.token(), null).status())
                .isEqualTo(403);
        assertThat(http.get("/api/v1/access-requests?user=" + dave.name(), carol.token()).status()).isEqualTo(403);

        Http.Resp approved = http.post("/api/v1/access-requests/" + mine + "/approve", adminToken, null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("grant").get("selector").get("site").asText()).isEqualTo("plant-b");
    }

    @Test
    void badRequestsAre400() {
        String t = tokenFor(Role.OPERATOR);
        assertThat(http.post("/api/v1/access-requests", t, request("Bad Name", "ssh", 60)).message())
                .isEqualTo("device: 'Bad Name' (expected: a device name or id, or a label selector such as site=plant-b)");
        assertThat(http.post("/api/v1/access-requests", t, request("=x", "ssh", 60)).message())
                .startsWith("device: '=x' (expected: a label selector");
        assertThat(http.post("/api/v1/access-requests", t, request("dev", "ssh", 0)).message())
                .isEqualTo("ttlSeconds: 0 (expected: 1..7776000)");
        assertThat(http.post("/api/v1/access-requests", t, "{\"device\":\"d\"}").message())
                .isEqualTo("service: missing (expected: a string)");
        assertThat(http.get("/api/v1/access-requests?status=maybe", t).message())
                .isEqualTo("status: 'maybe' (expected: pending, approved or denied)");
        assertThat(http.post("/api/v1/access-requests", tokenFor(Role.AUDITOR), request("d", "ssh", 60)).status())
                .isEqualTo(403);
    }
}
