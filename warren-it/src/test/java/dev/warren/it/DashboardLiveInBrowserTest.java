package dev.warren.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.warren.agent.Agent;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.store.Device;
import dev.warren.store.Traffic;
import dev.warren.store.TrafficSample;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.browser.BrowserExtension;
import dev.warren.testing.net.EchoServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's pages update themselves (warren.js polling {@code /ui/live/...}) in a real browser against a real
 * relay with real agents and streams: a device coming online and going offline, a stream appearing, its bytes growing
 * and the row going when it ends, all without a reload (a mark left on the page's {@code window} survives), with no
 * script error and no Content-Security-Policy violation.
 */
@Timeout(120)
class DashboardLiveInBrowserTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension(() -> relay.get().server().caCertificate());

    /** The pages poll every 5 s: a change shows within two rounds and a bit. */
    private static final LocatorAssertions.HasAttributeOptions SOON = new LocatorAssertions.HasAttributeOptions()
            .setTimeout(15_000);
    private static final LocatorAssertions.HasCountOptions SOON_COUNT = new LocatorAssertions.HasCountOptions()
            .setTimeout(15_000);
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EchoServer echo;

    private final DashboardUi ui = new DashboardUi(relay.get());

    @BeforeAll
    static void echo() throws Exception {
        echo = EchoServer.start(200);
    }

    @AfterAll
    static void closeEcho() throws Exception {
        echo.close();
    }

    private static void mark(Page page) {
        page.evaluate("() => { window.warrenMark = 'still this page'; }");
    }

    private static void assertNotReloaded(Page page) {
        assertThat(page.evaluate("() => window.warrenMark")).as("the page was not reloaded").isEqualTo(
                "still this page");
        assertThat(browser.events(page).errors()).isEmpty();
        assertThat(browser.events(page).console()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    private Agent run(Path dir) throws Exception {
        return TestAgents.run(dir, Map.of("echo", new HostPort("127.0.0.1", echo.port())));
    }

    @Test
    void aDeviceComingOnlineAndGoingOfflineShowsInTheListAndOnItsPageWithoutAReload() throws Exception {
        String dev = "live-" + NAMES.incrementAndGet();
        Path dir = relay.newDir("agent");
        relay.get().enroll(dev, dir);
        Page list = browser.page();
        ui.signIn(list, relay.get().adminToken());
        Locator row = list.locator("tr[data-device='" + dev + "']");
        assertThat(row).hasAttribute("data-state", "offline");
        mark(list);
        Page device = list.context().newPage();
        ui.open(device, "/ui/devices/" + dev);
        assertThat(device.locator("#device-state")).hasText("offline");
        mark(device);

        try (Agent agent = run(dir)) {
            assertThat(row).hasAttribute("data-state", "online", SOON);
            assertThat(row.locator("td").nth(5)).hasText("echo");
            assertThat(device.locator("#device-services tr[data-service=echo]")).hasCount(1, SOON_COUNT);
            assertThat(device.locator("#device-state")).hasText("online");
        }
        assertThat(row).hasAttribute("data-state", "offline", SOON);
        assertThat(device.locator("#device-state[class~=offline]")).hasCount(1, SOON_COUNT);
        assertNotReloaded(list);
        assertNotReloaded(device);
        assertThat(Integer.parseInt(list.locator("#devices-live").getAttribute("data-live-rounds")))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void grantsEnrollmentTokensUsersAndTheAuditLogShowChangesMadeElsewhereWithoutAReload() throws Exception {
        String dev = "lg-" + NAMES.incrementAndGet();
        relay.get().enroll(dev, relay.newDir("agent"));
        String operator = "lgop-" + NAMES.incrementAndGet();
        relay.get().createUser(operator, "operator");
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());

        ui.open(page, "/ui/grants");
        page.locator("#reason").fill("typed before the update"); // the form is not the live part: nothing is lost
        mark(page);
        String grant = relay.get().grant(operator, dev, "echo", Duration.ofMinutes(10)).get("id").asText();
        assertThat(page.locator("#grants tr[data-grant-id='" + grant + "']")).hasCount(1, SOON_COUNT);
        assertThat(page.locator("#grants-count")).containsText("live grant");
        assertThat(page.locator("#reason")).hasValue("typed before the update");
        assertNotReloaded(page);

        ui.open(page, "/ui/audit?action=grant.*");
        mark(page);
        relay.get().admin(io.netty.handler.codec.http.HttpMethod.DELETE, "/api/v1/grants/" + grant, null, 204);
        Locator revoked = page.locator("#audit tr[data-action='grant.revoke']").filter(new Locator.FilterOptions()
                .setHasText(grant));
        assertThat(revoked).hasCount(1, SOON_COUNT);
        assertThat(page.locator("#audit tbody tr").first()).hasAttribute("data-action", "grant.revoke");
        assertNotReloaded(page);

        ui.open(page, "/ui/enroll-tokens");
        mark(page);
        String token = relay.get().admin(io.netty.handler.codec.http.HttpMethod.POST, "/api/v1/enroll-tokens",
                Map.of("ttlSeconds", 3600, "uses", 2, "description", "made elsewhere"), 201).get("id").asText();
        assertThat(page.locator("#enroll-tokens tr[data-token-id='" + token + "']")).hasAttribute("data-state",
                "usable", SOON);
        assertNotReloaded(page);

        ui.open(page, "/ui/users");
        mark(page);
        String newcomer = "lgnew-" + NAMES.incrementAndGet();
        relay.get().createUser(newcomer, "auditor");
        assertThat(page.locator("#users tr[data-user='" + newcomer + "']")).hasCount(1, SOON_COUNT);
        assertThat(page.locator("#api-tokens tr[data-user='" + newcomer + "']")).hasCount(1, SOON_COUNT);
        assertNotReloaded(page);
        browser.screenshot(page, "users-live");
    }

    @Test
    void aLivePartWithAFieldSomeoneChangedWaitsUntilTheChangeIsSentOrUndone() {
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        ui.open(page, "/ui/users");
        Locator days = page.locator("#users tr[data-user=admin] input[name=days]");
        days.fill("30");
        days.blur(); // not the focus rule: the typed value alone keeps the table
        mark(page);
        String newcomer = "lgwait-" + NAMES.incrementAndGet();
        relay.get().createUser(newcomer, "operator");
        Locator region = page.locator("#users-live");
        int rounds = Integer.parseInt(java.util.Objects.requireNonNullElse(region.getAttribute("data-live-rounds"),
                "0"));
        page.waitForCondition(() -> Integer.parseInt(java.util.Objects.requireNonNullElse(
                region.getAttribute("data-live-rounds"), "0")) >= rounds + 2,
                new Page.WaitForConditionOptions().setTimeout(20_000));
        assertThat(days).hasValue("30");
        assertThat(page.locator("#users tr[data-user='" + newcomer + "']")).hasCount(0);
        // another part of the same answer holds no changed field: it is updated
        assertThat(page.locator("#api-tokens tr[data-user='" + newcomer + "']")).hasCount(1, SOON_COUNT);

        days.fill("90"); // back to what the page gave: nothing left to lose
        days.blur();
        assertThat(page.locator("#users tr[data-user='" + newcomer + "']")).hasCount(1, SOON_COUNT);
        assertNotReloaded(page);
    }

    @Test
    void theDevicePagesTrafficChartGainsANewStepWithoutAReload() throws Exception {
        String dev = "chart-" + NAMES.incrementAndGet();
        relay.get().enroll(dev, relay.newDir("agent"));
        Device d = relay.get().server().store().devices().byName(dev).orElseThrow();
        long earlier = Traffic.floor(java.time.Instant.now().getEpochSecond(), 60) - 1800;
        relay.get().server().store().traffic().add("node-x", java.util.List.of(new TrafficSample(
                java.time.Instant.ofEpochSecond(earlier), d.id(), dev, "ssh", 1000, 2000, 1)));
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        ui.open(page, "/ui/devices/" + dev + "?range=1h");
        Locator chart = page.locator("canvas#traffic-chart");
        assertThat(chart).hasAttribute("data-drawn", "true");
        String busySteps = "() => document.getElementById('traffic-chart').warrenChart.data.datasets[0].data"
                + ".filter(n => n > 0).length";
        assertThat(((Number) page.evaluate(busySteps)).intValue()).isEqualTo(1);
        mark(page);

        long lastMinute = Traffic.floor(java.time.Instant.now().getEpochSecond(), 60) - 60;
        relay.get().server().store().traffic().add("node-x", java.util.List.of(new TrafficSample(
                java.time.Instant.ofEpochSecond(lastMinute), d.id(), dev, "ssh", 4096, 8192, 2)));
        page.waitForCondition(() -> ((Number) page.evaluate(busySteps)).intValue() == 2,
                new Page.WaitForConditionOptions().setTimeout(20_000));
        Object sums = page.evaluate("() => document.getElementById('traffic-chart').warrenChart.data.datasets"
                + ".map(s => s.data.reduce((a, b) => a + b, 0))");
        assertThat(((java.util.List<?>) sums).stream().map(n -> ((Number) n).longValue()).toList())
                .as("bytes to, bytes from, sessions").containsExactly(5096L, 10_192L, 3L);
        assertThat(page.locator("#traffic-totals")).containsText("3 sessions opened");
        assertThat(Integer.parseInt(chart.getAttribute("data-draws"))).isGreaterThanOrEqualTo(2);
        assertNotReloaded(page);
    }

    @Test
    void aStreamAppearsItsBytesGrowAndItGoesOnTheLiveSessionsPageWithoutAReload() throws Exception {
        String dev = "stream-" + NAMES.incrementAndGet();
        Path dir = relay.newDir("agent");
        relay.get().enroll(dev, dir);
        String operator = "op-" + NAMES.incrementAndGet();
        try (Agent agent = run(dir);
                OperatorClient client = new OperatorClient(relay.get().operator(relay.get().createUser(operator,
                        "operator")))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            relay.get().grant(operator, dev, "echo", Duration.ofMinutes(10));
            Page page = browser.page();
            ui.signIn(page, relay.get().adminToken());
            ui.open(page, "/ui/sessions");
            Locator row = page.locator("#sessions tr[data-device='" + dev + "']");
            assertThat(row).hasCount(0);
            mark(page);

            try (Streams.Live live = new Streams.Live(client, dev, "echo")) {
                assertThat(row).hasCount(1, SOON_COUNT);
                assertThat(row).containsText(operator);
                byte[] chunk = new byte[256 * 1024];
                OutputStream out = live.socket.getOutputStream();
                InputStream in = live.socket.getInputStream();
                out.write(chunk);
                out.flush();
                assertThat(in.readNBytes(chunk.length)).hasSize(chunk.length);
                Locator toDevice = row.locator("td[data-bytes]").first();
                assertThat(toDevice).hasAttribute("data-bytes", java.util.regex.Pattern.compile("2[0-9]{5}"), SOON);
                assertThat(Long.parseLong(toDevice.getAttribute("data-bytes"))).isEqualTo(4 + chunk.length);
                assertThat(toDevice).containsText("KiB");
            }
            assertThat(row).hasCount(0, SOON_COUNT);
            assertNotReloaded(page);
            browser.screenshot(page, "sessions-live");
        }
    }
}
