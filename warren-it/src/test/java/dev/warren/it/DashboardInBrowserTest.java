package dev.warren.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.warren.agent.Agent;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.ErrorCode;
import dev.warren.store.SessionQuery;
import dev.warren.store.SessionRecord;
import dev.warren.testing.LogCapture;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.browser.BrowserExtension;
import dev.warren.testing.net.EchoServer;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard in a real browser (Debian's Chromium through Playwright) against a real relay in this JVM, with real
 * agents and real streams through the tunnel: what a person sees and does, and what the browser itself enforces
 * (cookie flags, the Content-Security-Policy, SameSite and the CSRF checks). Screenshots of the pages are saved under
 * {@code target/screenshots/}.
 */
@Timeout(120)
class DashboardInBrowserTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension(() -> relay.get().server().caCertificate());

    private static final AtomicInteger NAMES = new AtomicInteger();
    /** The pages poll every 5 s: a change shows within two rounds and a bit. */
    private static final double LIVE_WITHIN_MS = 15_000;
    private static final List<AutoCloseable> closeables = new ArrayList<>();
    private static EchoServer echo;

    private final DashboardUi ui = new DashboardUi(relay.get());

    @BeforeAll
    static void echo() throws Exception {
        echo = EchoServer.start(200);
    }

    @AfterAll
    static void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        echo.close();
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieThatScriptsCannotReadAndSigningOutEndsTheSession() {
        Page page = browser.page();
        ui.open(page, "/ui/devices");
        assertThat(page).hasURL(ui.url("/ui/login"));
        page.locator("#token").fill("wat1.0123456789abcdef." + "A".repeat(43));
        page.locator("button[data-action=token-login]").click();
        assertThat(page.locator("[role=alert]")).hasText("sign-in refused: API token unknown");

        ui.signIn(page, relay.get().adminToken());
        Cookie cookie = page.context().cookies().stream().filter(c -> c.name.equals("warren_ui")).findFirst()
                .orElseThrow();
        assertThat(cookie.httpOnly).isTrue();
        assertThat(cookie.secure).isTrue();
        assertThat(cookie.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(cookie.path).isEqualTo("/ui/");
        assertThat(page.evaluate("() => document.cookie")).isEqualTo("");

        page.locator("form[action='/ui/logout'] button[type=submit]").click();
        assertThat(page).hasURL(ui.url("/ui/login"));
        assertThat(page.context().cookies()).noneMatch(c -> c.name.equals("warren_ui"));
        ui.open(page, "/ui/sessions");
        assertThat(page).hasURL(ui.url("/ui/login"));
    }

    @Test
    void aUserSignsInWithTheirPasswordAndAChangeOfItSignsThemOut() {
        String name = unique("olga");
        String password = "correct horse battery staple";
        relay.get().admin(HttpMethod.POST, "/api/v1/users", Map.of("name", name, "role", "auditor", "password",
                password), 201);
        Page page = browser.page();
        ui.open(page, "/ui/login");
        page.locator("#login-user").fill(name);
        page.locator("#login-password").fill("not the password at all");
        page.locator("button[data-action=password-login]").click();
        assertThat(page.locator("[role=alert]")).hasText("sign-in refused: wrong user name or password");
        assertThat(page.locator("#login-user")).hasValue("");

        ui.signInWithPassword(page, name, password);
        assertThat(page.locator("header .who")).hasText(name + " (auditor)");
        assertThat(page.context().cookies()).anyMatch(c -> c.name.equals("warren_ui") && c.httpOnly && c.secure);

        relay.get().admin(HttpMethod.PUT, "/api/v1/users/" + name + "/password",
                Map.of("password", "a brand new passphrase"), 200);
        ui.open(page, "/ui/devices");
        assertThat(page).hasURL(ui.url("/ui/login"));
        ui.signInWithPassword(page, name, "a brand new passphrase");
    }

    @Test
    void anAdminSetsAPasswordTheUserSignsInWithItAndChangesItOnTheirAccountPage() {
        String name = unique("petra");
        relay.get().createUser(name, "operator");
        String first = "first passphrase of petra";
        String second = "second passphrase of petra";
        Page admin = browser.page();
        ui.signIn(admin, relay.get().adminToken());
        ui.open(admin, "/ui/users");
        admin.locator("tr[data-user='" + name + "'] a[data-action=set-password]").click();
        assertThat(admin).hasURL(ui.url("/ui/users/" + name + "/password"));
        admin.locator("#new-password").fill(first);
        admin.locator("#repeat-password").fill(first + "?");
        admin.locator("button[data-action=set-password]").click();
        assertThat(admin.locator("#repeat-password-problem")).containsText("not the same");
        assertThat(admin.locator("#new-password")).hasValue(""); // a password is never put back into a page
        admin.locator("#new-password").fill(first);
        admin.locator("#repeat-password").fill(first);
        admin.locator("button[data-action=set-password]").click();
        assertThat(admin).hasURL(ui.url("/ui/users"));
        assertThat(admin.locator("tr[data-user='" + name + "'] button[data-action=remove-password]")).hasCount(1);
        browser.screenshot(admin, "users-password-set");

        BrowserContext theirs = browser.newContext();
        Page user = theirs.newPage();
        ui.signInWithPassword(user, name, first);
        user.locator("header a.who").click();
        assertThat(user).hasURL(ui.url("/ui/account"));
        DashboardUi.changePassword(user, "not it at all, sorry", second);
        assertThat(user.locator("#current-password-problem")).containsText("current password: wrong");
        DashboardUi.changePassword(user, first, second);
        assertThat(user).hasURL(ui.url("/ui/account?changed=password"));
        assertThat(user.locator("#account-notice")).containsText("Your password was changed");
        browser.screenshot(user, "account-changed");
        user.locator("form[action='/ui/logout'] button[type=submit]").click();
        assertThat(user).hasURL(ui.url("/ui/login"));

        user.locator("#login-user").fill(name);
        user.locator("#login-password").fill(first);
        user.locator("button[data-action=password-login]").click();
        assertThat(user.locator("[role=alert]")).hasText("sign-in refused: wrong user name or password");
        ui.signInWithPassword(user, name, second);
        assertThat(user.locator("header .who")).hasText(name + " (operator)");
        assertThat(browser.events(user).errors()).isEmpty();
        assertThat(browser.events(admin).errors()).isEmpty();

        // an auditor: the users page and another user's password page offer no working action
        String auditorToken = relay.get().createUser(unique("aud"), "auditor");
        Page auditor = browser.newContext().newPage();
        ui.signIn(auditor, auditorToken);
        for (String path : List.of("/ui/users", "/ui/users/" + name + "/password")) {
            Response r = ui.open(auditor, path);
            assertThat(DashboardUi.actionForms(auditor).count()).as(path).isZero();
            assertThat(auditor.locator("a[data-action]").count()).as(path).isZero();
            if (path.endsWith("/password")) {
                assertThat(r.status()).isEqualTo(403);
            }
        }
    }

    @Test
    void anAuditorSetsAndChangesTheirOwnPasswordOnTheirAccountPage() {
        String name = unique("aud");
        String token = relay.get().createUser(name, "auditor");
        String first = "first passphrase of an auditor";
        String second = "second passphrase of an auditor";
        Page page = browser.newContext().newPage();
        ui.signIn(page, token);
        page.locator("header a.who").click();
        assertThat(page).hasURL(ui.url("/ui/account"));
        assertThat(page.locator("#current-password")).hasCount(0); // none yet: the token's session proves who
        DashboardUi.changePassword(page, null, first);
        assertThat(page).hasURL(ui.url("/ui/account?changed=password"));
        page.locator("form[action='/ui/logout'] button[type=submit]").click();

        ui.signInWithPassword(page, name, first);
        assertThat(page.locator("header .who")).hasText(name + " (auditor)");
        ui.open(page, "/ui/account");
        DashboardUi.changePassword(page, "not my passphrase at all", second);
        assertThat(page.locator("#current-password-problem")).containsText("current password: wrong");
        DashboardUi.changePassword(page, first, second);
        assertThat(page).hasURL(ui.url("/ui/account?changed=password"));
        assertThat(page.locator("#account-notice")).containsText("Your password was changed");
        browser.screenshot(page, "account-changed-auditor");
        page.locator("form[action='/ui/logout'] button[type=submit]").click();
        ui.signInWithPassword(page, name, second);
        assertThat(page.locator("header .who")).hasText(name + " (auditor)");
        assertThat(browser.events(page).errors()).isEmpty();
    }

    @Test
    void aDeviceWithHostileLabelsThatConnectsWhileTheListIsOpenComesInThroughTheLiveUpdateAsText() throws Exception {
        String dev = unique("plc");
        Path dir = relay.newDir("agent");
        relay.get().enroll(dev, dir);
        relay.get().admin(HttpMethod.PATCH, "/api/v1/devices/" + dev, Map.of("labels", Map.of(
                "note", "<script>alert('live')</script>", "pic", "<img src=x onerror=alert('live-img')>")), 200);
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        Locator row = DashboardUi.deviceRow(page, dev);
        assertThat(row).hasAttribute("data-state", "offline");

        Agent agent = TestAgents.run(dir, Map.of("echo", echoAddress()));
        closeables.add(agent);
        shownWithoutReload(page, page.locator("table#devices tr[data-device='" + dev + "'][data-state=online]"));
        assertThat(row.locator("td.state-on")).hasText("online");
        assertThat(row).containsText("echo");
        // the row came in through warren.js (fetch, DOMParser, node replacement): its labels are still only text
        assertThat(row.locator("td.labels")).containsText("note=<script>alert('live')</script>");
        assertThat(row.locator("td.labels")).containsText("pic=<img src=x onerror=alert('live-img')>");
        assertThat(page.locator("main script, main img")).hasCount(0);
        assertThat(browser.events(page).dialogs()).isEmpty();
        assertThat(browser.events(page).console()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void aStreamThroughTheTunnelIsListedAndCuttingItFromThePageEndsTheTunnelsConnection() throws Exception {
        String dev = device("cam");
        Operator op = operator();
        relay.get().grant(op.name(), dev, "echo", Duration.ofMinutes(10));
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        ui.open(page, "/ui/sessions");
        Locator row = DashboardUi.sessionRows(page, dev);
        assertThat(row).hasCount(0);

        try (Streams.Live live = new Streams.Live(op.client(), dev, "echo")) {
            shownWithoutReload(page, row);
            assertThat(row).containsText(op.name());
            assertThat(row).containsText("echo");
            row.locator("button[data-action=cut]").click();
            assertThat(page).hasURL(ui.url("/ui/sessions"));
            // the session's end is written behind the cut: the page drops it then, at the latest by its live update
            assertThat(row).hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(LIVE_WITHIN_MS));
            live.awaitEnd(Duration.ofSeconds(5));
        }
        SessionRecord s = lastSession(op.name());
        await().atMost(Duration.ofSeconds(5)).until(() -> !lastSession(op.name()).isOpen());
        assertThat(lastSession(op.name()).closeReason()).contains("ADMIN_ACTION");

        // the cut, read on the audit log page through its filter form
        ui.open(page, "/ui/audit");
        page.locator("#action").fill("session.cut");
        page.locator("form#audit-filter button[type=submit]").click();
        Locator cut = page.locator("table#audit tr[data-action='session.cut']").filter(
                new Locator.FilterOptions().setHasText(s.id()));
        assertThat(cut).hasCount(1);
        assertThat(cut).containsText("admin");
        assertThat(cut).hasAttribute("data-outcome", "ok");
    }

    @Test
    void aGrantMadeOnThePageOpensTheTunnelAndRevokingItOnThePageClosesIt() throws Exception {
        String dev = device("pump");
        Operator op = operator();
        assertThat(Streams.refusal(op.client(), dev, "echo").code()).isEqualTo(ErrorCode.NO_SUCH_DEVICE);
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        ui.open(page, "/ui/grants");
        page.locator("#user").fill(op.name());
        page.locator("#device").fill(dev);
        page.locator("#service").fill("echo");
        page.locator("#duration").fill("15");
        page.locator("#unit").selectOption("minutes");
        page.locator("#reason").fill("ticket 77 <b>urgent</b>");
        page.locator("form[action='/ui/grants'] button[type=submit]").click();
        assertThat(page).hasURL(ui.url("/ui/grants"));
        Locator row = DashboardUi.grantRows(page, op.name());
        assertThat(row).containsText(dev);
        assertThat(row).containsText("ticket 77 <b>urgent</b>");

        try (Streams.Live live = new Streams.Live(op.client(), dev, "echo")) {
            row.locator("button[data-action=revoke]").click();
            assertThat(page).hasURL(ui.url("/ui/grants"));
            assertThat(row).hasCount(0);
            live.awaitEnd(Duration.ofSeconds(5));
        }
        assertThat(Streams.refusal(op.client(), dev, "echo").reason()).contains("grant");

        // both, and the operator's stream under the grant, read on the audit log page
        ui.open(page, "/ui/audit?actor=admin&action=grant.*");
        Locator grants = page.locator("table#audit tr[data-seq]").filter(new Locator.FilterOptions().setHasText(op.name()));
        assertThat(grants).hasCount(2);
        assertThat(grants.first()).hasAttribute("data-action", "grant.revoke"); // newest first
        assertThat(grants.last()).hasAttribute("data-action", "grant.create");
        assertThat(grants.last()).containsText("ticket 77 <b>urgent</b>");
        ui.open(page, "/ui/audit?actor=" + op.name() + "&action=session.*");
        assertThat(page.locator("table#audit tr[data-action='session.close']")).containsText("GRANT_EXPIRED");
        browser.screenshot(page, "audit-filtered");
    }

    @Test
    void anAuditorSeesEveryPageButNoActionAndAHandMadePostIsRefused() throws Exception {
        String dev = device("meter");
        Operator op = operator();
        relay.get().grant(op.name(), dev, "echo", Duration.ofMinutes(10));
        String auditor = unique("aud");
        String auditorToken = relay.get().createUser(auditor, "auditor");
        try (Streams.Live live = new Streams.Live(op.client(), dev, "echo")) {
            String sessionId = lastSession(op.name()).id();
            Page page = browser.page();
            ui.signIn(page, auditorToken);
            for (String path : List.of("/ui/devices", "/ui/devices/" + dev, "/ui/sessions", "/ui/grants", "/ui/users",
                    "/ui/audit")) {
                Response r = ui.open(page, path);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(DashboardUi.actionForms(page)).hasCount(0);
                assertThat(page.locator("form[method=post] button, button:not(form button)"))
                        .hasCount(1); // sign out
            }
            // their own password is the one thing an auditor changes
            assertThat(ui.open(page, "/ui/account").status()).isEqualTo(200);
            assertThat(DashboardUi.actionForms(page)).hasCount(1);
            assertThat(page.locator("form#account-password-form")).hasCount(1);
            ui.open(page, "/ui/sessions");
            assertThat(DashboardUi.sessionRows(page, dev)).containsText(op.name());
            assertThat(page.locator("nav a[href='/ui/enroll-tokens']")).hasCount(0);
            assertThat(ui.open(page, "/ui/enroll-tokens").status()).isEqualTo(403);

            ui.open(page, "/ui/sessions");
            String csrf = page.locator("form[action='/ui/logout'] input[name=csrf]").inputValue();
            Response refused = post(page, "/ui/sessions/" + sessionId + "/cut", Map.of("csrf", csrf));
            assertThat(refused.status()).isEqualTo(403);
            assertThat(page.locator("main")).containsText("role AUDITOR may not cut a session (needs ADMIN)");
            assertThat(live.alive()).isTrue();
        }
    }

    @Test
    void aForgedPostWithoutTheCsrfTokenOrFromAnotherSiteIsRefused() throws Exception {
        String dev = device("valve");
        Operator op = operator();
        String grant = relay.get().grant(op.name(), dev, "echo", Duration.ofMinutes(10)).get("id").asText();
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        ui.open(page, "/ui/grants");

        Response noToken = post(page, "/ui/grants/" + grant + "/revoke", Map.of());
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(page.locator("main")).containsText("missing or wrong CSRF token");
        Response wrongToken = post(page, "/ui/grants/" + grant + "/revoke", Map.of("csrf", "A".repeat(43)));
        assertThat(wrongToken.status()).isEqualTo(403);

        // another site's page posting to the relay: the browser sends its own Origin and, SameSite=Strict, no cookie
        String evil = "https://evil.example/";
        page.route(evil, route -> route.fulfill(new Route.FulfillOptions().setContentType("text/html")
                .setBody("<form method=post action='" + ui.url("/ui/grants/" + grant + "/revoke")
                        + "'><button id=go>win a prize</button></form>")));
        page.navigate(evil);
        Response crossSite = page.waitForResponse(ui.url("/ui/grants/" + grant + "/revoke"),
                () -> page.locator("#go").click());
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.request().headerValue("origin")).isEqualTo("https://evil.example");
        assertThat(crossSite.request().headerValue("cookie")).isNull();

        assertThat(relay.get().admin(HttpMethod.GET, "/api/v1/grants/" + grant, null, 200).path("revokedAt").isNull())
                .isTrue();
    }

    @Test
    void aHostileLabelStaysTextAndTheContentSecurityPolicyStopsMarkupThatGetsThrough() throws Exception {
        String dev = unique("hmi");
        relay.get().enroll(dev, relay.newDir("agent"));
        relay.get().admin(HttpMethod.PATCH, "/api/v1/devices/" + dev, Map.of("labels", Map.of(
                "note", "<script>alert('label')</script>", "pic", "<img src=x onerror=alert('img')>")), 200);
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        ui.open(page, "/ui/devices?q=" + dev);
        Locator row = DashboardUi.deviceRow(page, dev);
        assertThat(row).containsText("note=<script>alert('label')</script>");
        assertThat(row).containsText("pic=<img src=x onerror=alert('img')>");
        assertThat(page.locator("main script, main img")).hasCount(0);

        // the second layer: markup as if escaping had failed, in the relay's own answer with its own headers
        String injected = "<script>window.pwned='script';alert('script')</script>"
                + "<img id=injected src=/ui/x onerror=\"window.pwned='img';alert('img')\">";
        page.route(ui.url("/ui/devices") + "**", route -> {
            APIResponse real = route.fetch();
            route.fulfill(new Route.FulfillOptions().setResponse(real)
                    .setBody(real.text().replace("</main>", injected + "</main>")));
        });
        ui.open(page, "/ui/devices?q=" + dev);
        assertThat(page.locator("#injected")).hasCount(1);
        page.waitForCondition(() -> browser.events(page).console().stream()
                .filter(m -> m.contains("Content Security Policy")).count() >= 2);
        assertThat(page.evaluate("() => window.pwned")).isNull();
        assertThat(browser.events(page).dialogs()).isEmpty();
        assertThat(browser.events(page).errors()).isEmpty();

        // the control: the same answer without the policy runs the script, so the test above would see it
        page.unrouteAll();
        page.route(ui.url("/ui/devices") + "**", route -> {
            APIResponse real = route.fetch();
            Map<String, String> headers = new LinkedHashMap<>(real.headers());
            headers.remove("content-security-policy");
            route.fulfill(new Route.FulfillOptions().setResponse(real).setHeaders(headers)
                    .setBody(real.text().replace("</main>", injected + "</main>")));
        });
        ui.open(page, "/ui/devices?q=" + dev);
        page.waitForCondition(() -> browser.events(page).dialogs().size() >= 2);
        assertThat(browser.events(page).dialogs()).contains("alert: script", "alert: img");
    }

    @Test
    void theMainPagesRenderOnALaptopAndOnAPhoneWithoutSidewaysScrolling() throws Exception {
        String dev = device("site-gateway-with-a-rather-long-name");
        relay.get().admin(HttpMethod.PATCH, "/api/v1/devices/" + dev, Map.of("labels", Map.of(
                "site", "plant-b-north-hall", "rack", "r17-u42", "owner", "ot-operations")), 200);
        Operator op = operator();
        relay.get().grant(op.name(), dev, "echo", Duration.ofMinutes(30));
        try (Streams.Live live = new Streams.Live(op.client(), dev, "echo");
                LogCapture refusals = new LogCapture("dev.warren.api.internal.http.Dispatcher")) {
            List<String> icons = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (boolean phone : new boolean[] {false, true}) {
                BrowserContext context = phone ? browser.newPhoneContext() : browser.newContext();
                context.route("**/*favicon*", route -> { // what the browser asks for by itself, and its answer
                    APIResponse answer = route.fetch();
                    icons.add(answer.status() + " " + java.net.URI.create(route.request().url()).getPath());
                    route.fulfill(new Route.FulfillOptions().setResponse(answer));
                });
                Page page = context.newPage();
                String prefix = phone ? "phone-" : "";
                ui.open(page, "/ui/login");
                browser.screenshot(page, prefix + "login");
                assertNoSidewaysScrolling(page, "/ui/login");
                ui.signIn(page, relay.get().adminToken());
                Map<String, String> pages = new LinkedHashMap<>(MAIN_PAGES);
                pages.put("device-delete", "/ui/devices/" + dev + "/delete"); // the confirmation step
                pages.put("user-password", "/ui/users/" + op.name() + "/password"); // an admin's password form
                for (Map.Entry<String, String> p : pages.entrySet()) {
                    Response r = ui.open(page, p.getValue());
                    assertThat(r.status()).as(p.getValue()).isEqualTo(200);
                    browser.screenshot(page, prefix + p.getKey());
                    assertNoSidewaysScrolling(page, p.getValue());
                }
                assertThat(browser.events(page).errors()).isEmpty();
            }
            assertThat(icons).as("each page's icon, as the page links it").isNotEmpty()
                    .allMatch(i -> i.equals("200 /ui/static/favicon.svg"));
            assertThat(refusals.lines()).as("page views ask for nothing the relay refuses (the icon, a static file)")
                    .noneMatch(l -> l.contains("favicon") || l.contains("/ui/static/"));
        }
    }

    /** The main pages, by the name of their screenshot. */
    private static final Map<String, String> MAIN_PAGES = mainPages();

    private static Map<String, String> mainPages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("devices", "/ui/devices");
        pages.put("sessions", "/ui/sessions");
        pages.put("grants", "/ui/grants");
        pages.put("tokens", "/ui/enroll-tokens");
        pages.put("users", "/ui/users");
        pages.put("audit", "/ui/audit");
        pages.put("account", "/ui/account");
        return pages;
    }

    /** The page body is never wider than the window: wide tables scroll inside their own box. */
    private static void assertNoSidewaysScrolling(Page page, String path) {
        assertThat(BrowserExtension.sidewaysOverflow(page)).as("sideways overflow of " + path + " in px")
                .isLessThanOrEqualTo(0);
    }

    /**
     * Waits until {@code shown} is on the page, brought by the page's own live updates (warren.js polls every 5 s): a
     * mark left on {@code window} must survive, so the page was not reloaded.
     */
    private static void shownWithoutReload(Page page, Locator shown) {
        page.evaluate("() => { window.warrenMark = 'this page'; }");
        assertThat(shown).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(LIVE_WITHIN_MS));
        assertThat(page.evaluate("() => window.warrenMark")).as("the page was not reloaded").isEqualTo("this page");
    }

    /** A form posted from the page itself (same origin, the session's cookie), as a script on the page could. */
    private Response post(Page page, String path, Map<String, String> fields) {
        return page.waitForResponse(ui.url(path), () -> page.evaluate("([action, fields]) => {"
                + " const f = document.createElement('form'); f.method = 'post'; f.action = action;"
                + " for (const [k, v] of Object.entries(fields)) {"
                + "   const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v;"
                + "   f.appendChild(i); }"
                + " document.body.appendChild(f); f.submit(); }", List.of(path, fields)));
    }

    /** An enrolled device whose agent is connected, exposing {@code echo}. */
    private String device(String base) throws Exception {
        String name = unique(base);
        Agent agent = TestAgents.start(relay.get(), name, relay.newDir("agent"), Map.of("echo", echoAddress()));
        closeables.add(agent);
        await().atMost(Duration.ofSeconds(10)).until(agent::connected);
        return name;
    }

    private record Operator(String name, OperatorClient client) {}

    private Operator operator() {
        String name = unique("op");
        OperatorClient client = new OperatorClient(relay.get().operator(relay.get().createUser(name, "operator")));
        closeables.add(client);
        return new Operator(name, client);
    }

    private static HostPort echoAddress() {
        return new HostPort("127.0.0.1", echo.port());
    }

    private SessionRecord lastSession(String operator) {
        SessionQuery q = new SessionQuery(null, operator, null, false, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !relay.get().server().store().sessions().query(q).isEmpty());
        return relay.get().server().store().sessions().query(q).get(0);
    }

    private static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }
}
