package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.ApiToken;
import dev.warren.store.AuditQuery;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's users page ({@code /ui/users}) through the API's real HTTP stack: what it lists, an admin's
 * changes through the REST endpoints' own code (create with a role and a token shown once, disable, enable, issue and
 * revoke tokens, with the same audit events and refusals), auditors reading only, operators refused.
 */
class DashboardUsersPageTest extends DashboardTestBase {
    private static final Pattern SHOWN = Pattern.compile("<code class=\"secret\">([^<]+)</code>");

    private static String shownSecret(String page) {
        Matcher m = SHOWN.matcher(page);
        assertThat(m.find()).as("a secret is shown").isTrue();
        return m.group(1);
    }

    private User user(String name) {
        return store.users().byName(name).orElseThrow();
    }

    private static long events(String actor, String action, String subject) {
        return store.audit().query(new AuditQuery(null, actor, action, null, null, subject, 50)).size();
    }

    @Test
    void anAdminCreatesAUserWhoseTokenIsShownOnceAndWorks() {
        String cookie = signIn(adminToken);
        String token = csrf(get("/ui/users", cookie).body());
        String name = unique("newbie");

        HttpResponse<String> created = postSameOrigin("/ui/users", cookie, "csrf=" + token + "&name=" + name
                + "&role=auditor&days=7");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        assertHtmlPage(created);
        String secret = shownSecret(created.body());
        assertThat(created.body()).contains("New user " + name + " (auditor)")
                .contains("data-user=\"" + name + "\"");
        assertThat(user(name).role()).isEqualTo(Role.AUDITOR);
        ApiToken stored = store.users().tokensOf(user(name).id()).get(0);
        assertThat(Duration.between(Instant.now(), stored.expiresAt())).isBetween(Duration.ofDays(7).minusMinutes(5),
                Duration.ofDays(7).plusMinutes(5));
        assertThat(http.get("/api/v1/whoami", secret).json().get("role").asText()).isEqualTo("AUDITOR");
        assertThat(events("admin", "user.create", name)).isEqualTo(1);

        String again = get("/ui/users", cookie).body();
        assertThat(again).doesNotContain(secret).doesNotContain("wat1.").contains("data-token-id=\"" + stored.id()
                + "\"");

        HttpResponse<String> duplicate = postSameOrigin("/ui/users", cookie, "csrf=" + token + "&name=" + name
                + "&role=operator&days=7");
        assertThat(duplicate.statusCode()).as("the REST endpoint's own refusal").isEqualTo(409);
        assertHtmlPage(duplicate);
        assertThat(duplicate.body()).contains("is already taken");
        assertThat(postSameOrigin("/ui/users", cookie, "csrf=" + token + "&name=Bad%20Name&role=operator&days=7")
                .statusCode()).isEqualTo(400);
        assertThat(postSameOrigin("/ui/users", cookie, "csrf=" + token + "&name=" + unique("r")
                + "&role=root&days=7").statusCode()).isEqualTo(400);
        assertThat(postSameOrigin("/ui/users", cookie, "csrf=" + token + "&name=" + unique("d")
                + "&role=operator&days=0").statusCode()).isEqualTo(400);
    }

    @Test
    void anAdminDisablesAndEnablesAUser() {
        Account operator = account(Role.OPERATOR);
        String cookie = signIn(adminToken);
        String token = csrf(get("/ui/users", cookie).body());

        HttpResponse<String> disabled = postSameOrigin("/ui/users/" + operator.name() + "/disable", cookie,
                "csrf=" + token);
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(303);
        assertThat(disabled.headers().firstValue("Location")).contains("/ui/users");
        assertThat(user(operator.name()).disabled()).isTrue();
        assertThat(server.relay.calls).anyMatch(c -> c.startsWith("userDisabled:" + operator.user().id() + ":"));
        assertThat(events("admin", "user.disable", operator.name())).isEqualTo(1);
        assertThat(get("/ui/users", cookie).body()).contains("action=\"/ui/users/" + operator.name() + "/enable\"");
        assertThat(http.get("/api/v1/whoami", operator.token()).status()).isEqualTo(401);

        assertThat(postSameOrigin("/ui/users/" + operator.name() + "/enable", cookie, "csrf=" + token).statusCode())
                .isEqualTo(303);
        assertThat(user(operator.name()).disabled()).isFalse();
        assertThat(events("admin", "user.enable", operator.name())).isEqualTo(1);
        assertThat(postSameOrigin("/ui/users/no-such-user/disable", cookie, "csrf=" + token).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anAdminIssuesATokenShownOnceAndRevokesIt() {
        Account operator = account(Role.OPERATOR);
        String cookie = signIn(adminToken);
        String token = csrf(get("/ui/users", cookie).body());

        HttpResponse<String> issued = postSameOrigin("/ui/users/" + operator.name() + "/tokens", cookie,
                "csrf=" + token + "&days=30");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String secret = shownSecret(issued.body());
        assertThat(http.get("/api/v1/whoami", secret).json().get("user").asText()).isEqualTo(operator.name());
        assertThat(events("admin", "token.create", operator.name())).isEqualTo(1);
        String id = secret.split("\\.")[1];
        assertThat(issued.body()).contains("New API token " + id + " of " + operator.name())
                .contains("action=\"/ui/tokens/" + id + "/revoke\"");

        HttpResponse<String> revoked = postSameOrigin("/ui/tokens/" + id + "/revoke", cookie, "csrf=" + token);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(303);
        assertThat(store.users().tokenById(id).orElseThrow().revokedAt()).isNotNull();
        assertThat(server.relay.calls).anyMatch(c -> c.startsWith("tokenRevoked:" + id + ":"));
        assertThat(events("admin", "token.revoke", operator.name())).isEqualTo(1);
        assertThat(http.get("/api/v1/whoami", secret).status()).isEqualTo(401);
        assertThat(get("/ui/users", cookie).body()).contains("data-token-id=\"" + id + "\"")
                .doesNotContain("action=\"/ui/tokens/" + id + "/revoke\"");
        assertThat(postSameOrigin("/ui/tokens/" + id + "/revoke", cookie, "csrf=" + token).statusCode())
                .as("already revoked: the REST endpoint's 409").isEqualTo(409);
        assertThat(postSameOrigin("/ui/users/" + operator.name() + "/tokens", cookie, "csrf=" + token + "&days=9999")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void auditorsReadEverythingAndChangeNothingOperatorsAreRefused() {
        Account operator = account(Role.OPERATOR);
        String tokenId = store.users().tokensOf(operator.user().id()).get(0).id();
        String auditor = signIn(tokenFor(Role.AUDITOR));
        HttpResponse<String> page = get("/ui/users", auditor);
        assertThat(page.statusCode()).isEqualTo(200);
        assertHtmlPage(page);
        assertThat(page.body()).contains("data-user=\"" + operator.name() + "\"", "data-token-id=\"" + tokenId + "\"")
                .doesNotContain("data-action=").doesNotContain("id=\"user-form\"").doesNotContain("wat1.");
        String csrf = csrf(page.body());
        for (String path : List.of("/ui/users/" + operator.name() + "/disable", "/ui/users/" + operator.name()
                + "/enable", "/ui/users/" + operator.name() + "/tokens", "/ui/tokens/" + tokenId + "/revoke",
                "/ui/users")) {
            HttpResponse<String> r = postSameOrigin(path, auditor, "csrf=" + csrf + "&days=1&name=" + unique("x")
                    + "&role=admin");
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).contains("role AUDITOR may not").contains("(needs ADMIN)");
        }
        assertThat(user(operator.name()).disabled()).isFalse();
        assertThat(store.users().tokensOf(operator.user().id())).hasSize(1)
                .allSatisfy(t -> assertThat(t.revokedAt()).isNull());

        String op = signIn(operator.token());
        assertThat(get("/ui/devices", op).body()).doesNotContain("href=\"/ui/users\"");
        HttpResponse<String> refused = get("/ui/users", op);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("role OPERATOR may not list users (needs ADMIN or AUDITOR)");
        assertThat(postSameOrigin("/ui/users/" + operator.name() + "/tokens", op, "csrf=" + csrf(get("/ui/devices", op)
                .body()) + "&days=1").statusCode()).as("not even their own: the dashboard leaves that to the CLI")
                .isEqualTo(403);

        String admin = signIn(adminToken);
        assertThat(postSameOrigin("/ui/users/" + operator.name() + "/disable", admin, "").statusCode())
                .as("no CSRF token").isEqualTo(403);
        assertThat(send("POST", "/ui/users/" + operator.name() + "/disable", admin, "csrf=" + csrf(get("/ui/users",
                admin).body()), java.util.Map.of("Origin", "https://evil.example")).statusCode()).isEqualTo(403);
        assertThat(user(operator.name()).disabled()).isFalse();
    }
}
