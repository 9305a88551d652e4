package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.api.auth.ApiTokens;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.Pem;
import dev.warren.store.ApiToken;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SystemEndpointsTest extends ApiTestBase {

    @Test
    void healthNeedsNoToken() {
        Http.Resp r = http.get("/api/v1/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        assertThat(r.json().get("status").asText()).isEqualTo("ok");
        assertThat(r.json().get("node").asText()).isEqualTo("node-test");
        assertThat(r.json().get("version").asText()).isEqualTo("1.2.3-test");
    }

    @Test
    void caGivesCertificateFingerprintAndPin() {
        Http.Resp r = http.get("/api/v1/ca", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(Pem.readCertificates(body.get("certificate").asText())).containsExactly(ca.certificate());
        assertThat(body.get("fingerprint").asText()).isEqualTo(Fingerprints.display(ca.certificate()))
                .startsWith("SHA256:");
        assertThat(body.get("pin").asText()).isEqualTo(Fingerprints.spkiPin(ca.certificate()));
    }

    @Test
    void whoamiNamesTheUserRoleAndToken() {
        Http.Resp r = http.get("/api/v1/whoami", adminToken);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("user").asText()).isEqualTo("admin");
        assertThat(r.json().get("role").asText()).isEqualTo("ADMIN");
        assertThat(r.json().get("tokenId").asText()).isEqualTo(ApiTokens.parse(adminToken).orElseThrow().id());

        for (Role role : new Role[] {Role.OPERATOR, Role.AUDITOR}) {
            Http.Resp other = http.get("/api/v1/whoami", tokenFor(role));
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.json().get("role").asText()).isEqualTo(role.name());
        }
    }

    @Test
    void noTokenIs401() {
        Http.Resp r = http.get("/api/v1/whoami", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).isEqualTo("unauthenticated");
        assertThat(r.message()).contains("missing API token");
        assertThat(r.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void wrongSchemeIs401() {
        Http.Resp r = http.send("GET", "/api/v1/devices", null, null);
        assertThat(r.status()).isEqualTo(401);
        HttpBasic basic = new HttpBasic(http);
        Http.Resp b = basic.get("/api/v1/devices");
        assertThat(b.status()).isEqualTo(401);
        assertThat(b.message()).contains("scheme 'Basic'").contains("expected: Bearer");
    }

    @Test
    void malformedUnknownAndWrongSecretTokensAre401() {
        Http.Resp malformed = http.get("/api/v1/devices", "not-a-token");
        assertThat(malformed.status()).isEqualTo(401);
        assertThat(malformed.message()).isEqualTo("malformed API token (expected wat1.<id>.<secret>)");

        Http.Resp unknown = http.get("/api/v1/devices", ApiTokens.issue().token());
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.message()).isEqualTo("API token unknown");

        ApiTokens.Parsed admin = ApiTokens.parse(adminToken).orElseThrow();
        String wrongSecret = "wat1." + admin.id() + "." + ApiTokens.parse(ApiTokens.issue().token()).orElseThrow().secret();
        Http.Resp wrong = http.get("/api/v1/devices", wrongSecret);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.message()).isEqualTo("API token unknown");
    }

    @Test
    void revokedTokenIs401AtOnce() {
        String token = tokenFor(Role.OPERATOR);
        assertThat(http.get("/api/v1/whoami", token).status()).isEqualTo(200); // now cached
        store.users().revokeToken(ApiTokens.parse(token).orElseThrow().id(), Instant.now());

        Http.Resp r = http.get("/api/v1/whoami", token);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).isEqualTo("API token revoked");
    }

    @Test
    void expiredTokenIs401WithTheTime() {
        Instant expiresAt = server.clock.instant().plus(Duration.ofMinutes(5));
        String token = tokenFor(Role.OPERATOR, expiresAt);
        assertThat(http.get("/api/v1/whoami", token).status()).isEqualTo(200);

        server.clock.advance(Duration.ofMinutes(6));
        Http.Resp r = http.get("/api/v1/whoami", token);
        assertThat(r.status()).isEqualTo(401);
        ApiToken stored = store.users().tokenById(ApiTokens.parse(token).orElseThrow().id()).orElseThrow();
        assertThat(r.message()).isEqualTo("API token expired at "
                + stored.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void disabledUserIs401() {
        String token = tokenFor(Role.AUDITOR);
        ApiToken stored = store.users().tokenById(ApiTokens.parse(token).orElseThrow().id()).orElseThrow();
        User user = store.users().byId(stored.userId()).orElseThrow();
        store.users().setDisabled(user.id(), true);

        Http.Resp r = http.get("/api/v1/whoami", token);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).isEqualTo("user '" + user.name() + "' is disabled");
    }

    @Test
    void repeatedFailuresAreRateLimited() {
        for (int i = 0; i < 10; i++) {
            assertThat(http.get("/api/v1/whoami", ApiTokens.issue().token()).status()).isEqualTo(401);
        }
        Http.Resp r = http.get("/api/v1/whoami", adminToken);
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.error()).isEqualTo("rate_limited");
        assertThat(r.message()).startsWith("too many failed attempts from 127.0.0.1; retry in ");
        assertThat(r.headers().firstValue("retry-after")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v)).isBetween(1, 60));

        server.clock.advance(Duration.ofSeconds(61));
        assertThat(http.get("/api/v1/whoami", adminToken).status()).isEqualTo(200);
    }

    /** Sends an Authorization header of another scheme. */
    private record HttpBasic(Http http) {
        Http.Resp get(String path) {
            return http.sendWithAuthorization("GET", path, "Basic YWRtaW46YWRtaW4=");
        }
    }
}
