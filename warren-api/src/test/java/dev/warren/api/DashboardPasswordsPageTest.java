package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.Role;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Passwords on the dashboard through the API's real HTTP stack: an admin sets and removes a user's password from the
 * users page (the REST endpoint's rules, session ends and audit events), and a signed-in user changes their own on the
 * account page (the current password checked and counted as the sign-in's are; CSRF; every role, auditors too, changes
 * its own password there and nothing else).
 */
class DashboardPasswordsPageTest extends DashboardTestBase {
    static final String FIRST = "correct horse battery staple";
    static final String SECOND = "tr0ub4dor & three more words";
    static final String GUESS = "not my password";

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    /** No password typed into any form of a test is in any log line. */
    @AfterEach
    void noPasswordLogged() {
        root().detachAppender(logs);
        assertThat(logs.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain(FIRST).doesNotContain(SECOND).doesNotContain(GUESS).doesNotContain("short one"));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private HttpResponse<String> passwordLogin(String user, String password) {
        return postSameOrigin("/ui/login", null, "user=" + encode(user) + "&password=" + encode(password));
    }

    private String cookieOf(HttpResponse<String> r) {
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private String signInWithPassword(String user, String password) {
        HttpResponse<String> r = passwordLogin(user, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return cookieOf(r);
    }

    private static List<AuditEvent> auditOf(String action, String subject) {
        return store.audit().query(new AuditQuery(null, null, action, null, null, subject, 100));
    }

    private static String passwords(String password, String repeat) {
        return "&password=" + encode(password) + "&repeat=" + encode(repeat);
    }

    @Test
    void anAdminSetsAPasswordFromTheUsersPageAndRemovesIt() {
        Account olga = account(Role.OPERATOR);
        String cookie = signIn(adminToken);
        String users = get("/ui/users", cookie).body();
        assertThat(users).contains("href=\"/ui/users/" + olga.name() + "/password\"")
                .doesNotContain("action=\"/ui/users/" + olga.name() + "/password/remove\"");
        assertThat(users).as("one's own password is changed on the account page, proving the current one")
                .doesNotContain("href=\"/ui/users/admin/password\"").contains("href=\"/ui/account\" class=\"button\"");
        HttpResponse<String> ownForm = get("/ui/users/admin/password", cookie);
        assertThat(ownForm.statusCode()).isEqualTo(303);
        assertThat(ownForm.headers().firstValue("Location")).contains("/ui/account");
        HttpResponse<String> form = get("/ui/users/" + olga.name() + "/password", cookie);
        assertHtmlPage(form);
        assertThat(form.body()).contains("id=\"password-form\"").contains("autocomplete=\"new-password\"")
                .doesNotContain("name=\"current\"");
        String csrf = csrf(form.body());
        String path = "/ui/users/" + olga.name() + "/password";

        HttpResponse<String> mismatch = postSameOrigin(path, cookie, "csrf=" + csrf + passwords(FIRST, SECOND));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("id=\"repeat-password-problem\">repeat: not the same")
                .doesNotContain(FIRST).doesNotContain(SECOND);
        HttpResponse<String> tooShort = postSameOrigin(path, cookie, "csrf=" + csrf + passwords("short one", "short one"));
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("id=\"new-password-problem\">password: 9 characters (expected: at least 12)")
                .doesNotContain("short one");
        assertThat(store.users().byName(olga.name()).orElseThrow().hasPassword()).isFalse();

        HttpResponse<String> set = postSameOrigin(path, cookie, "csrf=" + csrf + passwords(FIRST, FIRST));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(303);
        assertThat(set.headers().firstValue("Location")).contains("/ui/users");
        AuditEvent event = auditOf("user.password.set", olga.name()).get(0);
        assertThat(event.actor()).isEqualTo("admin");
        assertThat(event.toString()).doesNotContain(FIRST);
        String theirs = signInWithPassword(olga.name(), FIRST);
        assertThat(get("/ui/users", cookie).body()).contains("action=\"/ui/users/" + olga.name() + "/password/remove\"");

        HttpResponse<String> removed = postSameOrigin(path + "/remove", cookie, "csrf=" + csrf);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(303);
        assertThat(get("/ui/devices", theirs).statusCode()).as("their password session ended").isEqualTo(303);
        assertThat(passwordLogin(olga.name(), FIRST).statusCode()).isEqualTo(401);
        assertThat(auditOf("user.password.remove", olga.name())).hasSize(1);
        HttpResponse<String> again = postSameOrigin(path + "/remove", cookie, "csrf=" + csrf);
        assertThat(again.statusCode()).as("the REST endpoint's 409").isEqualTo(409);
        assertThat(again.body()).contains("has no password");
        assertThat(get("/ui/users/nobody-here/password", cookie).statusCode()).isEqualTo(404);
        assertThat(postSameOrigin("/ui/users/nobody-here/password", cookie, "csrf=" + csrf + passwords(FIRST, FIRST))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anAdminRemovesTheirOwnPasswordFromTheUsersPageOnlyWithTheCurrentOne() {
        Account root = account(Role.ADMIN);
        Account olga = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/me/password", root.token(), "{\"password\":\"" + FIRST + "\"}");
        http.send("PUT", "/api/v1/users/" + olga.name() + "/password", root.token(), "{\"password\":\"" + FIRST
                + "\"}");
        String cookie = signIn(root.token());
        String users = get("/ui/users", cookie).body();
        String own = users.substring(users.indexOf("action=\"/ui/users/" + root.name() + "/password/remove\""));
        assertThat(own.substring(0, own.indexOf("</form>"))).contains("name=\"current\"")
                .contains("autocomplete=\"current-password\"");
        String other = users.substring(users.indexOf("action=\"/ui/users/" + olga.name() + "/password/remove\""));
        assertThat(other.substring(0, other.indexOf("</form>"))).doesNotContain("name=\"current\"");
        String csrf = csrf(users);
        String path = "/ui/users/" + root.name() + "/password/remove";

        HttpResponse<String> missing = postSameOrigin(path, cookie, "csrf=" + csrf);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("current: missing");
        HttpResponse<String> wrong = postSameOrigin(path, cookie, "csrf=" + csrf + "&current=" + encode(SECOND));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("current password: wrong").doesNotContain(SECOND);
        assertThat(store.users().byName(root.name()).orElseThrow().hasPassword()).as("kept").isTrue();

        HttpResponse<String> removed = postSameOrigin(path, cookie, "csrf=" + csrf + "&current=" + encode(FIRST));
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(303);
        assertThat(store.users().byName(root.name()).orElseThrow().hasPassword()).isFalse();
        assertThat(postSameOrigin("/ui/users/" + olga.name() + "/password/remove", cookie, "csrf=" + csrf)
                .statusCode()).as("another user's: none needed").isEqualTo(303);
        assertThat(store.users().byName(olga.name()).orElseThrow().hasPassword()).isFalse();
    }

    @Test
    void auditorsAndOperatorsGetNoPasswordActionAndTheirPostsAre403() {
        Account piet = account(Role.OPERATOR);
        String auditor = signIn(tokenFor(Role.AUDITOR));
        String page = get("/ui/users", auditor).body();
        assertThat(page).doesNotContain("/password").doesNotContain("data-action");
        String csrf = csrf(page);
        assertThat(get("/ui/users/" + piet.name() + "/password", auditor).statusCode()).isEqualTo(403);
        assertThat(postSameOrigin("/ui/users/" + piet.name() + "/password", auditor, "csrf=" + csrf
                + passwords(FIRST, FIRST)).statusCode()).isEqualTo(403);
        assertThat(postSameOrigin("/ui/users/" + piet.name() + "/password/remove", auditor, "csrf=" + csrf)
                .statusCode()).isEqualTo(403);
        String operator = signIn(account(Role.OPERATOR).token());
        assertThat(postSameOrigin("/ui/users/" + piet.name() + "/password", operator, "csrf="
                + csrf(get("/ui/devices", operator).body()) + passwords(FIRST, FIRST)).statusCode()).isEqualTo(403);
        assertThat(store.users().byName(piet.name()).orElseThrow().hasPassword()).isFalse();

        String admin = signIn(adminToken);
        String adminCsrf = csrf(get("/ui/users", admin).body());
        assertThat(postSameOrigin("/ui/users/" + piet.name() + "/password", admin, passwords(FIRST, FIRST))
                .statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(send("POST", "/ui/users/" + piet.name() + "/password", admin, "csrf=" + adminCsrf
                + passwords(FIRST, FIRST), Map.of("Origin", "https://evil.example")).statusCode()).isEqualTo(403);
        assertThat(store.users().byName(piet.name()).orElseThrow().hasPassword()).isFalse();
    }

    @Test
    void aUserChangesTheirOwnPasswordOnTheAccountPageAndStaysSignedIn() {
        Account rita = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/" + rita.name() + "/password", adminToken,
                Http.JSON.createObjectNode().put("password", FIRST).toString());
        String cookie = signInWithPassword(rita.name(), FIRST);
        String elsewhere = signInWithPassword(rita.name(), FIRST);
        String byToken = signIn(rita.token());
        HttpResponse<String> page = get("/ui/account", cookie);
        assertHtmlPage(page);
        assertThat(page.body()).contains("id=\"account-password-form\"").contains("name=\"current\"")
                .contains("autocomplete=\"current-password\"").contains(">your password<")
                .contains("href=\"/ui/account\"");
        String csrf = csrf(page.body());

        HttpResponse<String> wrong = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf + "&current="
                + encode(GUESS) + passwords(SECOND, SECOND));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("id=\"current-password-problem\">current password: wrong")
                .doesNotContain(GUESS).doesNotContain(SECOND);
        assertThat(auditOf("user.password.set", rita.name()).get(0).outcome()).isEqualTo("refused");
        HttpResponse<String> mismatch = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf + "&current="
                + encode(FIRST) + passwords(SECOND, SECOND + "!"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("id=\"repeat-password-problem\">repeat: not the same");
        HttpResponse<String> weak = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf + "&current="
                + encode(FIRST) + passwords(rita.name(), rita.name()));
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("id=\"new-password-problem\">password: ");

        HttpResponse<String> changed = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf + "&current="
                + encode(FIRST) + passwords(SECOND, SECOND));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
        assertThat(changed.headers().firstValue("Location")).contains("/ui/account?changed=password");
        String fresh = cookieOf(changed);
        assertThat(fresh).isNotEqualTo(cookie);
        assertThat(changed.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("Secure")
                .contains("SameSite=Strict");
        assertThat(get("/ui/account?changed=password", fresh).body()).contains("id=\"account-notice\"");
        assertThat(get("/ui/devices", cookie).statusCode()).as("this browser's old session").isEqualTo(303);
        assertThat(get("/ui/devices", elsewhere).statusCode()).as("another password session").isEqualTo(303);
        assertThat(get("/ui/devices", byToken).statusCode()).as("a token's session").isEqualTo(200);
        assertThat(passwordLogin(rita.name(), FIRST).statusCode()).isEqualTo(401);
        assertThat(signInWithPassword(rita.name(), SECOND)).isNotBlank();
        AuditEvent set = auditOf("user.password.set", rita.name()).get(0);
        assertThat(set.actor()).isEqualTo(rita.name());
        assertThat(set.outcome()).isEqualTo("ok");
        assertThat(store.audit().query(new AuditQuery(null, null, null, null, null, null, 1000)).toString())
                .doesNotContain(FIRST).doesNotContain(SECOND);
    }

    @Test
    void wrongCurrentPasswordsCountAsFailedSignInsAndAreLimited() {
        Account sam = account(Role.OPERATOR);
        http.send("PUT", "/api/v1/users/" + sam.name() + "/password", adminToken,
                Http.JSON.createObjectNode().put("password", FIRST).toString());
        String cookie = signIn(sam.token());
        String csrf = csrf(get("/ui/account", cookie).body());
        for (int i = 0; i < 10; i++) {
            assertThat(postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf + "&current=" + encode("guess "
                    + i) + passwords(SECOND, SECOND)).statusCode()).isEqualTo(403);
        }
        HttpResponse<String> blocked = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf + "&current="
                + encode(FIRST) + passwords(SECOND, SECOND));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.body()).contains("id=\"current-password-problem\">too many failed attempts");
        assertRetryAfter(blocked);
        HttpResponse<String> signIn = passwordLogin(sam.name(), FIRST);
        assertThat(signIn.statusCode()).as("the sign-in's own limit").isEqualTo(429);
        assertRetryAfter(signIn);
    }

    @Test
    void wrongCurrentPasswordsToRemoveOnesOwnFromTheUsersPageAreLimitedWithRetryAfter() {
        Account root = account(Role.ADMIN);
        http.send("PUT", "/api/v1/users/me/password", root.token(), "{\"password\":\"" + FIRST + "\"}");
        String cookie = signIn(root.token());
        String csrf = csrf(get("/ui/users", cookie).body());
        String path = "/ui/users/" + root.name() + "/password/remove";
        for (int i = 0; i < 10; i++) {
            assertThat(postSameOrigin(path, cookie, "csrf=" + csrf + "&current=" + encode(GUESS + " " + i))
                    .statusCode()).isEqualTo(403);
        }
        HttpResponse<String> blocked = postSameOrigin(path, cookie, "csrf=" + csrf + "&current=" + encode(FIRST));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertRetryAfter(blocked);
        assertThat(store.users().byName(root.name()).orElseThrow().hasPassword()).as("kept").isTrue();
    }

    /** A 429 page says when to try again, as the REST API's 429 does: whole seconds, within the minute's window. */
    static void assertRetryAfter(HttpResponse<String> limited) {
        assertThat(limited.headers().firstValue("Retry-After")).as("Retry-After of a 429 page")
                .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
    }

    @Test
    void aUserWithoutAPasswordSetsOneWithTheirTokenSessionAndAnAuditorGetsNoForm() {
        Account tom = account(Role.OPERATOR);
        String cookie = signIn(tom.token());
        String page = get("/ui/account", cookie).body();
        assertThat(page).contains("You have no password yet").doesNotContain("name=\"current\"");
        HttpResponse<String> set = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf(page)
                + passwords(FIRST, FIRST));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(303);
        assertThat(set.headers().firstValue("Set-Cookie")).as("the token's session stays").isEmpty();
        assertThat(get("/ui/devices", cookie).statusCode()).isEqualTo(200);
        assertThat(signInWithPassword(tom.name(), FIRST)).isNotBlank();

        assertThat(postSameOrigin("/ui/account/password", cookie, passwords(SECOND, SECOND)).statusCode())
                .as("no CSRF token").isEqualTo(403);
        assertThat(get("/ui/account", null).statusCode()).isEqualTo(303);
    }

    @Test
    void anAuditorSetsAndChangesTheirOwnPasswordOnTheAccountPageAndNothingElse() {
        Account una = account(Role.AUDITOR);
        Account vic = account(Role.OPERATOR);
        String byToken = signIn(una.token());
        String page = get("/ui/account", byToken).body();
        assertThat(page).contains("id=\"account-password-form\"").contains("You have no password yet")
                .doesNotContain("password-read-only");
        HttpResponse<String> set = postSameOrigin("/ui/account/password", byToken, "csrf=" + csrf(page)
                + passwords(FIRST, FIRST));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(303);
        assertThat(get("/ui/devices", byToken).statusCode()).as("the token's session stays").isEqualTo(200);

        String cookie = signInWithPassword(una.name(), FIRST);
        String mine = get("/ui/account", cookie).body();
        assertThat(mine).contains("name=\"current\"");
        HttpResponse<String> wrong = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf(mine) + "&current="
                + encode(GUESS) + passwords(SECOND, SECOND));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("current password: wrong");
        HttpResponse<String> changed = postSameOrigin("/ui/account/password", cookie, "csrf=" + csrf(mine)
                + "&current=" + encode(FIRST) + passwords(SECOND, SECOND));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
        assertThat(changed.headers().firstValue("Location")).contains("/ui/account?changed=password");
        String fresh = cookieOf(changed);
        assertThat(passwordLogin(una.name(), FIRST).statusCode()).isEqualTo(401);
        assertThat(signInWithPassword(una.name(), SECOND)).isNotBlank();
        AuditEvent audited = auditOf("user.password.set", una.name()).get(0);
        assertThat(audited.actor()).isEqualTo(una.name());
        assertThat(audited.outcome()).isEqualTo("ok");

        // still read-only for everything else: another user's password, and any change on the relay
        String csrf = csrf(get("/ui/account", fresh).body());
        assertThat(postSameOrigin("/ui/users/" + vic.name() + "/password", fresh, "csrf=" + csrf
                + passwords(FIRST, FIRST)).statusCode()).isEqualTo(403);
        assertThat(postSameOrigin("/ui/users/" + una.name() + "/password/remove", fresh, "csrf=" + csrf)
                .statusCode()).isEqualTo(403);
        assertThat(store.users().byName(vic.name()).orElseThrow().hasPassword()).isFalse();
        assertThat(store.users().byName(una.name()).orElseThrow().hasPassword()).isTrue();
    }
}
