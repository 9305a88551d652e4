package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.Role;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Users' dashboard passwords: set at creation or later through the REST API (admins anyone's, operators and auditors
 * their own, everyone proving the current one to change their own), removed, audited, never echoed; and the dashboard's sign-in with them, which tells nobody which
 * names exist and is rate-limited like token sign-ins.
 */
class UserPasswordsTest extends DashboardTestBase {
    static final String PASSWORD = "correct horse battery staple";
    static final String OTHER = "tr0ub4dor & three more words";

    private static String body(String password) {
        return Http.JSON.createObjectNode().put("password", password).toString();
    }

    HttpResponse<String> passwordLogin(String user, String password) {
        return postSameOrigin("/ui/login", null, "user=" + encode(user) + "&password=" + encode(password));
    }

    String signInWithPassword(String user, String password) {
        HttpResponse<String> r = passwordLogin(user, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static List<AuditEvent> auditOf(String action, String user) {
        return store.audit().query(new AuditQuery(null, null, action, null, null, user, 100));
    }

    @Test
    void aUserCreatedWithAPasswordSignsInWithIt() {
        String name = unique("carol");
        Http.Resp created = http.post("/api/v1/users", adminToken, Http.JSON.createObjectNode().put("name", name)
                .put("role", "operator").put("password", PASSWORD).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PASSWORD);
        assertThat(http.get("/api/v1/users/" + name, adminToken).json().path("passwordSetAt").isTextual()).isTrue();
        assertThat(auditOf("user.create", name).get(0).details()).containsEntry("password", "set");

        String cookie = signInWithPassword(name, PASSWORD);
        HttpResponse<String> page = get("/ui/devices", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(name + " (operator)");
        AuditEvent login = auditOf("dashboard.login", name).get(0);
        assertThat(login.actor()).isEqualTo(name);
        assertThat(login.details()).containsEntry("credential", "password");
    }

    @Test
    void anAdminSetsAndRemovesAPasswordAndEachEndsThePasswordSessionsButNotTheTokenOnes() {
        Account dave = account(Role.AUDITOR);
        assertThat(http.get("/api/v1/users/" + dave.name(), adminToken).json().path("passwordSetAt").isNull()).isTrue();
        Http.Resp set = http.send("PUT", "/api/v1/users/" + dave.name() + "/password", adminToken, body(PASSWORD));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("passwordSetAt").isTextual()).isTrue();
        String byPassword = signInWithPassword(dave.name(), PASSWORD);
        String byToken = signIn(dave.token());

        assertThat(http.send("PUT", "/api/v1/users/" + dave.name() + "/password", adminToken, body(OTHER)).status())
                .isEqualTo(200);
        assertThat(get("/ui/devices", byPassword).statusCode()).as("the old password's session").isEqualTo(303);
        assertThat(get("/ui/devices", byToken).statusCode()).as("the token's session").isEqualTo(200);
        assertThat(passwordLogin(dave.name(), PASSWORD).statusCode()).isEqualTo(401);
        String again = signInWithPassword(dave.name(), OTHER);
        AuditEvent changed = auditOf("user.password.set", dave.name()).get(0);
        assertThat(changed.actor()).isEqualTo("admin");
        assertThat(changed.details()).containsEntry("replaced", "true").containsEntry("dashboardSessionsEnded", "1");

        assertThat(http.delete("/api/v1/users/" + dave.name() + "/password", adminToken).status()).isEqualTo(204);
        assertThat(get("/ui/devices", again).statusCode()).isEqualTo(303);
        assertThat(passwordLogin(dave.name(), OTHER).statusCode()).isEqualTo(401);
        Http.Resp none = http.delete("/api/v1/users/" + dave.name() + "/password", adminToken);
        assertThat(none.status()).isEqualTo(409);
        assertThat(none.message()).startsWith("user '" + dave.name() + "' has no password");
        assertThat(auditOf("user.password.remove", dave.name())).hasSize(1);
    }

    @Test
    void anOperatorSetsTheirOwnPasswordOnly() {
        Account erin = account(Role.OPERATOR);
        Account frank = account(Role.OPERATOR);
        assertThat(http.send("PUT", "/api/v1/users/me/password", erin.token(), body(PASSWORD)).status()).isEqualTo(200);
        assertThat(signInWithPassword(erin.name(), PASSWORD)).isNotBlank();
        Http.Resp other = http.send("PUT", "/api/v1/users/" + frank.name() + "/password", erin.token(), body(PASSWORD));
        assertThat(other.status()).isEqualTo(404);
        assertThat(http.delete("/api/v1/users/" + erin.name() + "/password", frank.token()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/users/" + frank.name(), adminToken).json().path("passwordSetAt").isNull()).isTrue();
        Http.Resp wrongCurrent = http.send("PUT", "/api/v1/users/me/password", erin.token(),
                changeBody(OTHER, "not my password at all"));
        assertThat(wrongCurrent.status()).as("a current password given is checked").isEqualTo(403);
        assertThat(passwordLogin(erin.name(), PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void anOperatorProvesTheCurrentPasswordToChangeTheirOwn() {
        Account olive = account(Role.OPERATOR);
        assertThat(http.send("PUT", "/api/v1/users/me/password", olive.token(), body(PASSWORD)).status())
                .as("none yet: their token is all there is to prove").isEqualTo(200);

        Http.Resp missing = http.send("PUT", "/api/v1/users/me/password", olive.token(), body(OTHER));
        assertThat(missing.status()).as("their token alone does not take the password over").isEqualTo(400);
        assertThat(missing.message()).isEqualTo("current: missing (expected: your current password, to change your"
                + " own; only an admin setting another user's password gives none)");
        Http.Resp byName = http.send("PUT", "/api/v1/users/" + olive.name() + "/password", olive.token(), body(OTHER));
        assertThat(byName.status()).as("by name as by 'me'").isEqualTo(400);
        AuditEvent refused = auditOf("user.password.set", olive.name()).get(0);
        assertThat(refused.actor()).isEqualTo(olive.name());
        assertThat(refused.outcome()).isEqualTo("refused");
        assertThat(refused.details()).containsEntry("reason", "current password: missing");
        assertThat(passwordLogin(olive.name(), PASSWORD).statusCode()).as("unchanged").isEqualTo(303);

        Http.Resp changed = http.send("PUT", "/api/v1/users/me/password", olive.token(), changeBody(OTHER, PASSWORD));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(passwordLogin(olive.name(), PASSWORD).statusCode()).isEqualTo(401);
        assertThat(signInWithPassword(olive.name(), OTHER)).isNotBlank();
        assertThat(auditOf("user.password.set", olive.name()).get(0).outcome()).isEqualTo("ok");
    }

    @Test
    void anAdminProvesTheirOwnCurrentPasswordButResetsAnotherUsersWithout() {
        Account root = account(Role.ADMIN);
        Account pat = account(Role.OPERATOR);
        assertThat(http.send("PUT", "/api/v1/users/me/password", root.token(), body(PASSWORD)).status()).isEqualTo(200);
        assertThat(http.send("PUT", "/api/v1/users/" + pat.name() + "/password", root.token(), body(PASSWORD))
                .status()).isEqualTo(200);

        Http.Resp missing = http.send("PUT", "/api/v1/users/" + root.name() + "/password", root.token(), body(OTHER));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.message()).startsWith("current: missing (expected: your current password");
        Http.Resp wrong = http.send("PUT", "/api/v1/users/me/password", root.token(), changeBody(OTHER, "not it at all"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.message()).isEqualTo("current password: wrong (expected: the password you sign in with now)");
        assertThat(wrong.body()).doesNotContain("not it at all").doesNotContain(OTHER);
        List<AuditEvent> refusals = auditOf("user.password.set", root.name()).stream()
                .filter(e -> e.outcome().equals("refused")).toList(); // newest first
        assertThat(refusals).hasSize(2).allSatisfy(e -> assertThat(e.subject()).isEqualTo(root.name()));
        assertThat(refusals.get(0).details()).containsEntry("reason", "current password: wrong user name or password");
        assertThat(refusals.get(1).details()).containsEntry("reason", "current password: missing");
        assertThat(passwordLogin(root.name(), PASSWORD).statusCode()).as("unchanged").isEqualTo(303);
        assertThat(http.send("PUT", "/api/v1/users/me/password", root.token(), changeBody(OTHER, PASSWORD)).status())
                .isEqualTo(200);
        assertThat(signInWithPassword(root.name(), OTHER)).isNotBlank();

        // someone else's password is not the admin's to know: a reset needs none, and is audited as theirs
        Http.Resp reset = http.send("PUT", "/api/v1/users/" + pat.name() + "/password", root.token(), body(OTHER));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(signInWithPassword(pat.name(), OTHER)).isNotBlank();
        AuditEvent resetEvent = auditOf("user.password.set", pat.name()).get(0);
        assertThat(resetEvent.actor()).isEqualTo(root.name());
        assertThat(resetEvent.outcome()).isEqualTo("ok");
        assertThat(resetEvent.details()).containsEntry("replaced", "true");
        assertThat(store.audit().query(new AuditQuery(null, null, null, null, null, null, 1000)).toString())
                .doesNotContain(PASSWORD).doesNotContain(OTHER).doesNotContain("not it at all");
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedSignInsAndAreLimitedAsThey() {
        Account quinn = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/" + quinn.name() + "/password", adminToken, body(PASSWORD));
        java.time.Instant setAt = store.users().byName(quinn.name()).orElseThrow().passwordChangedAt();
        for (int i = 0; i < 10; i++) {
            assertThat(http.send("PUT", "/api/v1/users/me/password", quinn.token(), changeBody(OTHER, OTHER + i))
                    .status()).isEqualTo(403);
        }
        server.clock.advance(java.time.Duration.ofMillis(500)); // 59.5 s of the minute left
        Http.Resp limited = http.send("PUT", "/api/v1/users/me/password", quinn.token(), changeBody(OTHER, PASSWORD));
        assertThat(limited.status()).as("even the right one, until the minute ends").isEqualTo(429);
        assertThat(limited.message()).startsWith("too many failed attempts from 127.0.0.1; retry in 60 s");
        assertThat(limited.headers().firstValue("Retry-After")).as("rounded up, as the message says").hasValue("60");
        assertThat(passwordLogin(quinn.name(), PASSWORD).statusCode()).as("the sign-in's own limit").isEqualTo(429);
        assertThat(store.users().byName(quinn.name()).orElseThrow().passwordChangedAt()).as("unchanged").isEqualTo(setAt);
    }

    @Test
    void removingOnesOwnPasswordProvesTheCurrentOneWhileAnAdminRemovesAnothersWithout() {
        for (Role role : new Role[] {Role.OPERATOR, Role.ADMIN}) {
            Account self = account(role);
            assertThat(http.send("PUT", "/api/v1/users/me/password", self.token(), body(PASSWORD)).status())
                    .isEqualTo(200);

            Http.Resp missing = http.delete("/api/v1/users/me/password", self.token());
            assertThat(missing.status()).as("a token alone does not strip the password").isEqualTo(400);
            assertThat(missing.message()).isEqualTo("current: missing (expected: your current password, to remove"
                    + " your own; only an admin removing another user's password gives none)");
            Http.Resp wrong = http.send("DELETE", "/api/v1/users/" + self.name() + "/password", self.token(),
                    currentBody("not my password at all"));
            assertThat(wrong.status()).as("by name as by 'me'").isEqualTo(403);
            assertThat(wrong.message()).isEqualTo("current password: wrong (expected: the password you sign in with"
                    + " now)");
            assertThat(wrong.body()).doesNotContain("not my password at all");
            List<AuditEvent> refusals = auditOf("user.password.remove", self.name()); // newest first
            assertThat(refusals).hasSize(2).allSatisfy(e -> {
                assertThat(e.outcome()).isEqualTo("refused");
                assertThat(e.actor()).isEqualTo(self.name());
            });
            assertThat(refusals.get(0).details()).containsEntry("reason", "current password: wrong user name or"
                    + " password");
            assertThat(refusals.get(1).details()).containsEntry("reason", "current password: missing");
            assertThat(passwordLogin(self.name(), PASSWORD).statusCode()).as("kept").isEqualTo(303);

            Http.Resp removed = http.send("DELETE", "/api/v1/users/me/password", self.token(), currentBody(PASSWORD));
            assertThat(removed.status()).as(removed.body()).isEqualTo(204);
            assertThat(passwordLogin(self.name(), PASSWORD).statusCode()).isEqualTo(401);
            assertThat(auditOf("user.password.remove", self.name()).get(0).outcome()).isEqualTo("ok");
        }

        // another user's is not the admin's to know: removed without it, and 400 with it
        Account root = account(Role.ADMIN);
        Account pat = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/" + pat.name() + "/password", root.token(), body(PASSWORD));
        Http.Resp withCurrent = http.send("DELETE", "/api/v1/users/" + pat.name() + "/password", root.token(),
                currentBody(PASSWORD));
        assertThat(withCurrent.status()).isEqualTo(400);
        assertThat(withCurrent.message()).isEqualTo("current: only for your own password (expected: no current when"
                + " an admin removes another user's)");
        assertThat(http.delete("/api/v1/users/" + pat.name() + "/password", root.token()).status()).isEqualTo(204);
        assertThat(store.users().byName(pat.name()).orElseThrow().hasPassword()).isFalse();
        assertThat(store.audit().query(new AuditQuery(null, null, null, null, null, null, 1000)).toString())
                .doesNotContain(PASSWORD).doesNotContain("not my password at all");
    }

    @Test
    void wrongCurrentPasswordsToRemoveOnesOwnAreLimitedAsSignInsAre() {
        Account rita = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/" + rita.name() + "/password", adminToken, body(PASSWORD));
        for (int i = 0; i < 10; i++) {
            assertThat(http.send("DELETE", "/api/v1/users/me/password", rita.token(), currentBody(OTHER + i))
                    .status()).isEqualTo(403);
        }
        Http.Resp limited = http.send("DELETE", "/api/v1/users/me/password", rita.token(), currentBody(PASSWORD));
        assertThat(limited.status()).as("even the right one, until the minute ends").isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(passwordLogin(rita.name(), PASSWORD).statusCode()).as("the sign-in's own limit").isEqualTo(429);
        assertThat(store.users().byName(rita.name()).orElseThrow().hasPassword()).as("kept").isTrue();
    }

    private static String currentBody(String current) {
        return Http.JSON.createObjectNode().put("current", current).toString();
    }

    private static String changeBody(String password, String current) {
        return Http.JSON.createObjectNode().put("password", password).put("current", current).toString();
    }

    @Test
    void anAuditorSetsTheirOwnPasswordProvingTheCurrentOneAndNobodyElses() {
        Account grace = account(Role.AUDITOR);
        Account frank = account(Role.OPERATOR);
        Account judy = account(Role.AUDITOR);
        // none yet: their token is all there is to prove
        Http.Resp set = http.send("PUT", "/api/v1/users/me/password", grace.token(), body(PASSWORD));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(signInWithPassword(grace.name(), PASSWORD)).isNotBlank();

        // one set: a (read-only, script-held) token alone does not take it over
        Http.Resp missing = http.send("PUT", "/api/v1/users/me/password", grace.token(), body(OTHER));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.message()).startsWith("current: missing (expected: your current password");
        Http.Resp wrong = http.send("PUT", "/api/v1/users/" + grace.name() + "/password", grace.token(),
                changeBody(OTHER, "tr0ub4dor & four more words"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.message()).isEqualTo("current password: wrong (expected: the password you sign in with now)");
        assertThat(wrong.body()).doesNotContain("tr0ub4dor").doesNotContain(OTHER);
        AuditEvent refused = auditOf("user.password.set", grace.name()).get(0);
        assertThat(refused.outcome()).isEqualTo("refused");
        Http.Resp weak = http.send("PUT", "/api/v1/users/me/password", grace.token(), changeBody("short", PASSWORD));
        assertThat(weak.message()).isEqualTo("password: 5 characters (expected: at least 12)");
        Http.Resp changed = http.send("PUT", "/api/v1/users/me/password", grace.token(), changeBody(OTHER, PASSWORD));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(passwordLogin(grace.name(), PASSWORD).statusCode()).isEqualTo(401);
        assertThat(signInWithPassword(grace.name(), OTHER)).isNotBlank();
        AuditEvent ok = auditOf("user.password.set", grace.name()).get(0);
        assertThat(ok.actor()).isEqualTo(grace.name());
        assertThat(ok.outcome()).isEqualTo("ok");
        assertThat(ok.details()).containsEntry("replaced", "true");

        // nobody else's, and nothing else: removing it, tokens, the relay
        Http.Resp others = http.send("PUT", "/api/v1/users/" + frank.name() + "/password", grace.token(),
                body(PASSWORD));
        assertThat(others.status()).isEqualTo(403);
        assertThat(others.message()).isEqualTo("role AUDITOR may set only its own password (expected: me, not user '"
                + frank.name() + "')");
        assertThat(http.send("PUT", "/api/v1/users/" + judy.name() + "/password", grace.token(), body(PASSWORD))
                .status()).isEqualTo(403);
        assertThat(http.delete("/api/v1/users/me/password", grace.token()).status()).isEqualTo(403);
        assertThat(http.post("/api/v1/users/me/tokens", grace.token(), "{}").status()).isEqualTo(403);
        assertThat(http.get("/api/v1/users/" + frank.name(), adminToken).json().path("passwordSetAt").isNull()).isTrue();
        assertThat(http.get("/api/v1/users/" + judy.name(), adminToken).json().path("passwordSetAt").isNull()).isTrue();
        Http.Resp adminWithCurrent = http.send("PUT", "/api/v1/users/" + frank.name() + "/password", adminToken,
                changeBody(PASSWORD, "anything"));
        assertThat(adminWithCurrent.status()).isEqualTo(400);
        assertThat(adminWithCurrent.message()).isEqualTo("current: only for your own password (expected: no current"
                + " when an admin sets another user's)");
        assertThat(store.audit().query(new AuditQuery(null, null, null, null, null, null, 1000)).toString())
                .doesNotContain(PASSWORD).doesNotContain(OTHER).doesNotContain("tr0ub4dor");
    }

    @Test
    void aBadPasswordIsRefusedWithTheReasonAndNeverEchoed() {
        Account hank = account(Role.OPERATOR);
        String path = "/api/v1/users/" + hank.name() + "/password";
        assertThat(http.send("PUT", path, adminToken, body("tiny-secret")).message())
                .isEqualTo("password: 11 characters (expected: at least 12)");
        Http.Resp control = http.send("PUT", path, adminToken, body("two-line-secret\nsecond"));
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.message()).isEqualTo("password: **** (expected: no control characters, such as a line break"
                + " or a tab)");
        String longName = unique("harriet-the-operator");
        assertThat(http.post("/api/v1/users", adminToken, Http.JSON.createObjectNode().put("name", longName)
                .put("role", "operator").put("password", longName.toUpperCase()).toString()).message())
                .isEqualTo("password: the user's own name (expected: something else)");
        assertThat(http.get("/api/v1/users/" + longName, adminToken).status()).as("no user made").isEqualTo(404);
        assertThat(http.send("PUT", path, adminToken, "{}").message()).isEqualTo("password: missing (expected: a string)");
        assertThat(http.send("PUT", path, adminToken, "{\"password\":123456789012345}").message())
                .isEqualTo("password: a number (expected: a string)");
        assertThat(http.send("PUT", path, adminToken, "{\"password\":\"" + PASSWORD + "\",\"old\":\"x\"}").message())
                .isEqualTo("unknown field 'old' (expected: current, password)");
        assertThat(http.get("/api/v1/users/" + hank.name(), adminToken).json().path("passwordSetAt").isNull()).isTrue();
        assertThat(store.audit().query(new AuditQuery(null, null, null, null, null, null, 1000)).toString())
                .doesNotContain("tiny-secret").doesNotContain("two-line-secret");
    }

    @Test
    void aWrongPasswordAnUnknownNameAndAUserWithoutPasswordGetTheSameAnswer() {
        Account ivy = account(Role.OPERATOR);
        Account jack = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/" + ivy.name() + "/password", adminToken, body(PASSWORD));
        HttpResponse<String> wrong = passwordLogin(ivy.name(), OTHER);
        HttpResponse<String> unknown = passwordLogin(unique("nobody"), OTHER);
        HttpResponse<String> none = passwordLogin(jack.name(), OTHER);
        for (HttpResponse<String> r : List.of(wrong, unknown, none)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(r.body()).contains("sign-in refused: wrong user name or password").doesNotContain(OTHER);
        }
        AuditEvent refusal = auditOf("dashboard.login", ivy.name()).get(0);
        assertThat(refusal.outcome()).isEqualTo("refused");
        assertThat(refusal.details()).containsEntry("reason", "wrong user name or password")
                .containsEntry("credential", "password");
        // the very same page whatever the name; nothing typed comes back (a password typed as the name would)
        assertThat(passwordLogin(unique("nobody"), OTHER).body()).isEqualTo(passwordLogin(ivy.name(), OTHER).body())
                .doesNotContain(ivy.name());
    }

    @Test
    void tenFailedPasswordsFromOneAddressAre429UntilTheMinuteEnds() {
        Account kim = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/" + kim.name() + "/password", adminToken, body(PASSWORD));
        for (int i = 0; i < 10; i++) {
            assertThat(passwordLogin(kim.name(), OTHER + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = passwordLogin(kim.name(), PASSWORD);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.body()).contains("too many failed attempts from 127.0.0.1");
        DashboardPasswordsPageTest.assertRetryAfter(blocked);
        // token sign-ins keep their own count
        assertThat(login(kim.token()).statusCode()).isEqualTo(303);
    }

    @Test
    void tenFailedTokenSignInsFromOneAddressAre429WithRetryAfter() {
        for (int i = 0; i < 10; i++) {
            assertThat(login(dev.warren.api.auth.ApiTokens.issue().token()).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = login(adminToken);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.body()).contains("too many failed attempts from 127.0.0.1");
        DashboardPasswordsPageTest.assertRetryAfter(blocked);
    }

    @Test
    void aFormWithoutCredentialsOrFromAnotherSiteIsRefused() {
        assertThat(postSameOrigin("/ui/login", null, "nothing=1").statusCode()).isEqualTo(400);
        HttpResponse<String> foreign = send("POST", "/ui/login", null, "user=admin&password=" + encode(PASSWORD),
                java.util.Map.of("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
    }
}
