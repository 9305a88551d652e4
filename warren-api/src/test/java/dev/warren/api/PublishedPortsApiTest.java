package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.Role;
import org.junit.jupiter.api.Test;

/** The published-port routes on a relay that does not publish (the default): each says how to turn it on. */
class PublishedPortsApiTest extends ApiTestBase {
    private static final String OFF = "published ports are off on this relay (expected: a relay started with"
            + " --publish-range, --publish-bind and --publish-allow)";

    @Test
    void offByDefaultEveryRouteSaysHowToTurnItOn() {
        Http.Resp create = http.post("/api/v1/published-ports", adminToken, "{\"device\":\"x\",\"service\":\"ssh\"}");
        assertThat(create.status()).isEqualTo(409);
        assertThat(create.message()).isEqualTo(OFF);
        assertThat(http.get("/api/v1/published-ports", adminToken).message()).isEqualTo(OFF);
        assertThat(http.send("DELETE", "/api/v1/published-ports/20022", adminToken, null).message()).isEqualTo(OFF);
    }

    @Test
    void onlyAdminsPublishAndOnlyAdminsAndAuditorsList() {
        String auditor = tokenFor(Role.AUDITOR);
        String operator = tokenFor(Role.OPERATOR);
        assertThat(http.post("/api/v1/published-ports", auditor, "{}").status()).isEqualTo(403);
        assertThat(http.post("/api/v1/published-ports", operator, "{}").status()).isEqualTo(403);
        assertThat(http.get("/api/v1/published-ports", operator).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/published-ports", auditor).status()).as("allowed, then off").isEqualTo(409);
    }
}
