package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.api.auth.ApiTokens;
import dev.warren.store.ApiToken;
import dev.warren.store.AuditQuery;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /users} and {@code /tokens}: users, API tokens shown once and stored hashed, revocation, disabling. */
class UsersApiTest extends ApiTestBase {

    @Test
    void anAdminCreatesAnOperatorWhoseTokenWorksAndIsStoredOnlyAsAHash() {
        String name = unique("alice");
        Http.Resp r = http.post("/api/v1/users", adminToken, "{\"name\":\"" + name + "\",\"role\":\"operator\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode created = r.json();
        assertThat(created.get("role").asText()).isEqualTo("OPERATOR");
        String token = created.get("token").asText();
        assertThat(token).startsWith("wat1.");
        assertThat(Instant.parse(created.get("tokenExpiresAt").asText()))
                .isEqualTo(server.clock.instant().plus(Duration.ofDays(90)).truncatedTo(java.time.temporal.ChronoUnit.MICROS));

        ApiToken stored = store.users().tokenById(created.get("tokenId").asText()).orElseThrow();
        assertThat(stored.secretHash()).startsWith("$argon2id$").doesNotContain(ApiTokens.parse(token).orElseThrow()
                .secret());
        Http.Resp me = http.get("/api/v1/whoami", token);
        assertThat(me.json().get("user").asText()).isEqualTo(name);
        assertThat(http.get("/api/v1/users", adminToken).body()).contains(name).doesNotContain(token);
        assertThat(http.get("/api/v1/users/" + name + "/tokens", adminToken).body()).doesNotContain("wat1.");
        assertThat(store.audit().query(new AuditQuery(null, "admin", "user.create", null, null, name, 5))).hasSize(1);
    }

    @Test
    void duplicateNamesAndBadUsersAreRefused() {
        String name = unique("bob");
        assertThat(http.post("/api/v1/users", adminToken, "{\"name\":\"" + name + "\",\"role\":\"auditor\"}").status())
                .isEqualTo(201);
        Http.Resp dup = http.post("/api/v1/users", adminToken, "{\"name\":\"" + name + "\",\"role\":\"auditor\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.message()).startsWith("user name '" + name + "' is already taken");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"role\":\"operator\"}                     | name: missing (expected: a string)",
            "{\"name\":\"Alice\",\"role\":\"operator\"}    | name: 'Alice' (expected: lowercase letters, digits, '.', '_', '@' and '-', starting with a letter or digit)",
            "{\"name\":\"me\",\"role\":\"operator\"}       | name: 'me' (expected: another name; 'me' stands for the caller in paths)",
            "{\"name\":\"x\",\"role\":\"root\"}            | role: 'root' (expected: admin, operator or auditor)",
            "{\"name\":\"x\",\"role\":1}                   | role: a number (expected: a string)",
            "{\"name\":\"x\",\"role\":\"operator\",\"tokenTtlSeconds\":10} | tokenTtlSeconds: 10 (expected: 60..315360000)",
            "{\"name\":\"x\",\"role\":\"operator\",\"passwd\":\"p\"} | unknown field 'passwd' (expected: name, password, role, tokenTtlSeconds)",
            "{\"name\":\"x\",\"role\":\"operator\",\"password\":\"p\"} | password: 1 characters (expected: at least 12)",
    })
    void badUsersAre400(String body, String message) {
        Http.Resp r = http.post("/api/v1/users", adminToken, body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).isEqualTo(message);
    }

    @Test
    void aDisabledUserIsRefusedAndTheRelayToldToCutThem() {
        Account carol = account(Role.OPERATOR);
        Http.Resp r = http.post("/api/v1/users/" + carol.name() + "/disable", adminToken, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("disabled").asBoolean()).isTrue();
        assertThat(server.relay.calls).contains("userDisabled:" + carol.user().id() + ":user '" + carol.name()
                + "' disabled by admin");
        Http.Resp refused = http.get("/api/v1/whoami", carol.token());
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.message()).isEqualTo("user '" + carol.name() + "' is disabled");
        assertThat(http.post("/api/v1/users/" + carol.name() + "/enable", adminToken, null).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/whoami", carol.token()).status()).isEqualTo(200);
    }

    @Test
    void theLastEnabledAdminCannotBeDisabled() {
        for (User u : store.users().list()) {
            if (u.role() == Role.ADMIN && !u.name().equals("admin")) {
                store.users().setDisabled(u.id(), true);
            }
        }
        Http.Resp r = http.post("/api/v1/users/admin/disable", adminToken, null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.message()).startsWith("user 'admin' is the last enabled admin");
    }

    @Test
    void anOperatorManagesOnlyTheirOwnTokens() {
        Account dave = account(Role.OPERATOR);
        Account erin = account(Role.OPERATOR);
        Http.Resp created = http.post("/api/v1/users/me/tokens", dave.token(), "{\"ttlSeconds\":3600}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String second = created.json().get("token").asText();
        assertThat(http.get("/api/v1/whoami", second).status()).isEqualTo(200);

        Http.Resp others = http.post("/api/v1/users/" + erin.name() + "/tokens", dave.token(), "{}");
        assertThat(others.status()).isEqualTo(404);
        assertThat(others.message()).isEqualTo("no user '" + erin.name() + "' (expected: a user name or id)");
        String erinsId = ApiTokens.parse(erin.token()).orElseThrow().id();
        assertThat(http.delete("/api/v1/tokens/" + erinsId, dave.token()).status()).isEqualTo(404);

        assertThat(http.delete("/api/v1/tokens/" + id, dave.token()).status()).isEqualTo(204);
        assertThat(server.relay.calls).contains("tokenRevoked:" + id + ":API token " + id + " revoked by " + dave.name());
        Http.Resp revoked = http.get("/api/v1/whoami", second);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.message()).isEqualTo("API token revoked");
        Http.Resp again = http.delete("/api/v1/tokens/" + id, dave.token());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).startsWith("API token " + id + " was already revoked at ");
        assertThat(http.get("/api/v1/users/me/tokens", dave.token()).json()).hasSize(2);
        assertThat(http.get("/api/v1/users", dave.token()).status()).isEqualTo(403);
    }

    @Test
    void anExpiredTokenIsRefusedWithItsExpiry() {
        Account frank = account(Role.OPERATOR);
        Http.Resp created = http.post("/api/v1/users/me/tokens", frank.token(), "{\"ttlSeconds\":60}");
        String token = created.json().get("token").asText();
        server.clock.advance(Duration.ofSeconds(61));
        Http.Resp r = http.get("/api/v1/whoami", token);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).startsWith("API token expired at ");
        assertThat(store.audit().query(new AuditQuery(null, "anonymous", "api.auth", null, 50)))
                .anySatisfy(e -> assertThat(e.details().get("reason")).startsWith("API token expired at "));
    }

    @Test
    void aUserIsShownToAdminsAuditorsAndThemselvesOnly() {
        Account gus = account(Role.OPERATOR);
        Account hal = account(Role.OPERATOR);
        for (String token : java.util.List.of(adminToken, tokenFor(Role.AUDITOR), gus.token())) {
            Http.Resp r = http.get("/api/v1/users/" + gus.name(), token);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("id").asText()).isEqualTo(gus.user().id());
            assertThat(r.json().get("role").asText()).isEqualTo("OPERATOR");
        }
        assertThat(http.get("/api/v1/users/" + gus.user().id(), adminToken).json().get("name").asText())
                .isEqualTo(gus.name());
        Http.Resp other = http.get("/api/v1/users/" + gus.name(), hal.token());
        Http.Resp absent = http.get("/api/v1/users/nobody-here", hal.token());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.message()).isEqualTo(absent.message().replace("nobody-here", gus.name()));
        assertThat(http.get("/api/v1/users/" + gus.name() + "/tokens", hal.token()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/" + gus.name() + "/certificates", hal.token()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/me/certificates", gus.token()).json()).isEmpty();
        assertThat(http.get("/api/v1/users/" + gus.name() + "/certificates", tokenFor(Role.AUDITOR)).status())
                .isEqualTo(200);
    }
}
