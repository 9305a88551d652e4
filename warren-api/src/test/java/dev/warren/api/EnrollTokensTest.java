package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.api.enroll.BootstrapTokens;
import dev.warren.pki.BootstrapToken;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.SecretHasher;
import dev.warren.store.EnrollToken;
import dev.warren.store.Role;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnrollTokensTest extends ApiTestBase {

    @Test
    void createWithDefaultsGivesATokenPinnedToTheCa() {
        Instant before = server.clock.instant();
        Http.Resp r = http.post("/api/v1/enroll-tokens", adminToken, "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        BootstrapToken token = BootstrapTokens.parse(body.get("token").asText());
        assertThat(token.id()).isEqualTo(body.get("id").asText());
        assertThat(token.caPin()).isEqualTo(Fingerprints.spkiPin(ca.certificate()));
        assertThat(body.get("uses").asInt()).isEqualTo(1);
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(before.plusSeconds(3599), before.plusSeconds(3601));

        EnrollToken stored = store.enrollTokens().byId(token.id()).orElseThrow();
        assertThat(stored.secretHash()).startsWith("$argon2id$").doesNotContain(token.secret());
        assertThat(SecretHasher.verify(token.secret(), stored.secretHash())).isTrue();
        assertThat(stored.createdBy()).isEqualTo("admin");
        // no description given: none in the audit trail (it said description=?)
        assertThat(store.audit().query(new dev.warren.store.AuditQuery(null, "admin", "enroll-token.create", token.id(),
                10))).singleElement().satisfies(e -> assertThat(e.details()).doesNotContainKey("description")
                        .containsEntry("uses", "1"));
    }

    @Test
    void createWithEmptyBodyAndWithValues() {
        assertThat(http.post("/api/v1/enroll-tokens", adminToken, "").status()).isEqualTo(201);

        Http.Resp r = http.post("/api/v1/enroll-tokens", adminToken,
                "{\"ttlSeconds\":600,\"uses\":5,\"description\":\"rack 7\"}");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("uses").asInt()).isEqualTo(5);
        EnrollToken stored = store.enrollTokens().byId(r.json().get("id").asText()).orElseThrow();
        assertThat(stored.maxUses()).isEqualTo(5);
        assertThat(stored.description()).isEqualTo("rack 7");
        assertThat(Duration.between(server.clock.instant(), stored.expiresAt())).isBetween(
                Duration.ofSeconds(599), Duration.ofSeconds(601));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"ttlSeconds\":0}                  | ttlSeconds: 0 (expected: 1..2592000)",
            "{\"ttlSeconds\":2592001}            | ttlSeconds: 2592001 (expected: 1..2592000)",
            "{\"ttlSeconds\":\"1h\"}             | ttlSeconds: a string (expected: a whole number, 1..2592000)",
            "{\"ttlSeconds\":1.5}                | ttlSeconds: 1.5 (expected: a whole number, 1..2592000)",
            "{\"uses\":0}                        | uses: 0 (expected: 1..10000)",
            "{\"uses\":10001}                    | uses: 10001 (expected: 1..10000)",
            "{\"ttl\":60}                        | unknown field 'ttl' (expected: description, ttlSeconds, uses)",
            "{\"description\":7}                 | description: a number (expected: a string)",
            "[1,2]                               | body: a JSON array (expected: a JSON object)",
    })
    void invalidFieldsAre400NamingTheField(String body, String message) {
        Http.Resp r = http.post("/api/v1/enroll-tokens", adminToken, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("bad_request");
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void descriptionOver200CharactersIs400() {
        Http.Resp r = http.post("/api/v1/enroll-tokens", adminToken,
                "{\"description\":\"" + "x".repeat(201) + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).isEqualTo("description: 201 characters (expected: at most 200)");
    }

    @Test
    void listShowsTokensWithoutSecrets() {
        String token = enrollToken(3600, 3);
        BootstrapToken parsed = BootstrapTokens.parse(token);
        Http.Resp r = http.get("/api/v1/enroll-tokens", adminToken);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(parsed.secret()).doesNotContain("argon2");
        JsonNode listed = null;
        for (JsonNode t : r.json()) {
            if (t.get("id").asText().equals(parsed.id())) {
                listed = t;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("maxUses").asInt()).isEqualTo(3);
        assertThat(listed.get("uses").asInt()).isZero();
        assertThat(listed.get("revoked").asBoolean()).isFalse();
        assertThat(listed.get("createdBy").asText()).isEqualTo("admin");
        assertThat(listed.has("createdAt")).isTrue();
        assertThat(listed.has("expiresAt")).isTrue();
        assertThat(listed.has("description")).isTrue();
    }

    @Test
    void revokeIs204ThenTheTokenIsRefused() {
        String token = enrollToken(3600, 1);
        String id = BootstrapTokens.parse(token).id();
        assertThat(http.delete("/api/v1/enroll-tokens/" + id, adminToken).status()).isEqualTo(204);
        assertThat(store.enrollTokens().byId(id).orElseThrow().revoked()).isTrue();
        assertThat(http.delete("/api/v1/enroll-tokens/" + id, adminToken).status()).isEqualTo(204);

        Http.Resp r = enroll(token, unique("revoked"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).isEqualTo("enrollment token revoked");
    }

    @Test
    void revokeUnknownIs404() {
        Http.Resp r = http.delete("/api/v1/enroll-tokens/0123456789abcdef", adminToken);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("not_found");
        assertThat(r.message()).startsWith("no enrollment token '0123456789abcdef'");
    }

    @Test
    void operatorsAndAuditorsAreForbidden() {
        for (Role role : new Role[] {Role.OPERATOR, Role.AUDITOR}) {
            String token = tokenFor(role);
            Http.Resp create = http.post("/api/v1/enroll-tokens", token, "{}");
            assertThat(create.status()).isEqualTo(403);
            assertThat(create.error()).isEqualTo("forbidden");
            assertThat(create.message()).isEqualTo("role " + role + " may not POST /api/v1/enroll-tokens (needs ADMIN)");
            assertThat(http.get("/api/v1/enroll-tokens", token).status()).isEqualTo(403);
            assertThat(http.delete("/api/v1/enroll-tokens/0123456789abcdef", token).status()).isEqualTo(403);
        }
    }
}
