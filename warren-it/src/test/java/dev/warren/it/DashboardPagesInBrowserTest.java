package dev.warren.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.warren.store.AuditQuery;
import dev.warren.store.Device;
import dev.warren.store.Traffic;
import dev.warren.store.TrafficSample;
import dev.warren.store.WarrenStore;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.browser.BrowserExtension;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's device page in a real browser (Debian's Chromium through Playwright) against a real relay: the
 * traffic chart drawn by Chart.js (served from its WebJar) under the strict Content-Security-Policy, and an admin's
 * device actions clicked on the page. Screenshots under {@code target/screenshots/}.
 */
@Timeout(120)
class DashboardPagesInBrowserTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension(() -> relay.get().server().caCertificate());

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final DashboardUi ui = new DashboardUi(relay.get());

    private WarrenStore store() {
        return relay.get().server().store();
    }

    private Device enrolled(String base) throws Exception {
        String name = base + "-" + NAMES.incrementAndGet();
        relay.get().enroll(name, relay.newDir("agent"));
        return store().devices().byName(name).orElseThrow();
    }

    @Test
    void theDevicePageDrawsItsTrafficWithChartJsUnderTheContentSecurityPolicy() throws Exception {
        Device d = enrolled("chart");
        Instant step = Instant.ofEpochSecond(Traffic.floor(Instant.now().getEpochSecond(), 3600)).minusSeconds(3600);
        store().traffic().add("node-x", List.of(new TrafficSample(step, d.id(), d.name(), "ssh", 4096, 1_048_576, 3)));
        for (boolean phone : new boolean[] {false, true}) {
            BrowserContext context = phone ? browser.newPhoneContext() : browser.newContext();
            Page page = context.newPage();
            ui.signIn(page, relay.get().adminToken());
            ui.open(page, "/ui/devices");
            page.locator("table.devices a[href='/ui/devices/" + d.name() + "']").click();
            assertThat(page).hasURL(ui.url("/ui/devices/" + d.name()));
            assertThat(page.locator("canvas#traffic-chart")).hasAttribute("data-drawn", "true");
            Object sums = page.evaluate("() => document.getElementById('traffic-chart').warrenChart.data.datasets"
                    + ".map(s => s.data.reduce((a, b) => a + b, 0))");
            assertThat(((List<?>) sums).stream().map(n -> ((Number) n).longValue()).toList())
                    .as("bytes to, bytes from, sessions").containsExactly(4096L, 1_048_576L, 3L);
            browser.screenshot(page, (phone ? "phone-" : "") + "device");
            assertThat(BrowserExtension.sidewaysOverflow(page)).as("sideways overflow in px").isLessThanOrEqualTo(0);
            assertThat(browser.events(page).errors()).isEmpty();
            assertThat(browser.events(page).console()).noneMatch(m -> m.contains("Content Security Policy"));
            context.close();
        }
    }

    @Test
    void anAdminDisablesEditsLabelsAndDeletesADeviceFromItsPage() throws Exception {
        Device d = enrolled("act");
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        ui.open(page, "/ui/devices/" + d.name());

        page.locator("#reason").fill("maintenance window");
        page.locator("button[data-action=disable]").click();
        assertThat(page.locator("#device-state")).hasText("disabled");
        assertThat(store().devices().byId(d.id()).orElseThrow().disabled()).isTrue();
        assertThat(store().audit().query(new AuditQuery(null, null, "device.disable", null, d.id(), null, 5)))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("reason", "maintenance window"));

        page.locator("#labels").fill("site=plant-b\nrack=r17");
        page.locator("button[data-action=labels]").click();
        assertThat(page.locator("#device-facts")).containsText("rack=r17, site=plant-b");

        page.locator("a[data-action=delete]").click();
        page.locator("#confirm").fill(d.name());
        page.locator("button[data-action=confirm-delete]").click();
        assertThat(page).hasURL(ui.url("/ui/devices"));
        assertThat(page.locator("tr[data-device='" + d.name() + "']")).hasCount(0);
        assertThat(store().devices().byId(d.id())).isEmpty();
        assertThat(browser.events(page).errors()).isEmpty();
    }

    @Test
    void anAdminGrantsByLabelSelectorAndDeviceToDeviceAndARefusedFormKeepsWhatWasTyped() throws Exception {
        Device plc = enrolled("sel");
        relay.get().admin(io.netty.handler.codec.http.HttpMethod.PATCH, "/api/v1/devices/" + plc.name(),
                java.util.Map.of("labels", java.util.Map.of("site", "plant-b", "line", "l2")), 200);
        Device forwarder = enrolled("fwd");
        String operator = "selop-" + NAMES.incrementAndGet();
        relay.get().createUser(operator, "operator");
        for (boolean phone : new boolean[] {false, true}) {
            BrowserContext context = phone ? browser.newPhoneContext() : browser.newContext();
            Page page = context.newPage();
            ui.signIn(page, relay.get().adminToken());
            ui.open(page, "/ui/grants");
            // both a device and a selector, and a duration too long: each problem next to its field, nothing lost
            page.locator("#user").fill(operator);
            page.locator("#device").fill(plc.name());
            page.locator("#selector").fill("site=plant-b, line=l2");
            page.locator("#service").fill("*");
            page.locator("#duration").fill("100");
            page.locator("#unit").selectOption("days");
            page.locator("#reason").fill("line 2 retrofit, ticket 881");
            page.locator("button[data-action=create-grant]").click();
            assertThat(page.locator("#device-problem")).containsText("both a device and labels given");
            assertThat(page.locator("#duration-problem")).containsText("1..90 days");
            assertThat(page.locator("#grant-form-problem")).containsText("2 fields need a change");
            assertThat(page.locator("#selector")).hasValue("site=plant-b, line=l2");
            assertThat(page.locator("#reason")).hasValue("line 2 retrofit, ticket 881");
            assertThat(page.locator("#unit")).hasValue("days");
            browser.screenshot(page, (phone ? "phone-" : "") + "grants-refused");
            assertThat(BrowserExtension.sidewaysOverflow(page)).as("sideways overflow in px").isLessThanOrEqualTo(0);
            if (phone) {
                context.close();
                continue;
            }
            page.locator("#device").fill("");
            page.locator("#duration").fill("2");
            page.locator("button[data-action=create-grant]").click();
            assertThat(page).hasURL(ui.url("/ui/grants"));
            assertThat(DashboardUi.grantRows(page, operator)).containsText("line=l2, site=plant-b");

            page.locator("#from-device").fill(forwarder.name());
            page.locator("#device").fill(plc.name());
            page.locator("#service").fill("modbus");
            page.locator("#duration").fill("30");
            page.locator("#unit").selectOption("days");
            page.locator("#reason").fill("replication");
            page.locator("button[data-action=create-grant]").click();
            assertThat(page).hasURL(ui.url("/ui/grants"));
            assertThat(DashboardUi.grantRows(page, "device:" + forwarder.name())).containsText("modbus");
            browser.screenshot(page, "grants-created");
            assertThat(browser.events(page).errors()).isEmpty();
            context.close();
        }
    }

    @Test
    void anAuditorFiltersTheAuditLogAndDownloadsItAsCsv() throws Exception {
        Device d = enrolled("aud");
        relay.get().admin(io.netty.handler.codec.http.HttpMethod.POST, "/api/v1/devices/" + d.name() + "/disable",
                java.util.Map.of("reason", "=1+1"), 200);
        String auditor = "auditor-" + NAMES.incrementAndGet();
        String token = relay.get().createUser(auditor, "auditor");
        Page page = browser.page();
        ui.signIn(page, token);
        page.locator("nav a[href='/ui/audit']").click();
        page.locator("#device").fill(d.name());
        page.locator("#action").fill("device.*");
        page.locator("#audit-filter button[type=submit]").click();
        assertThat(page.locator("table#audit tr[data-action='device.disable']")).containsText("=1+1");
        assertThat(page.locator("table#audit tr[data-action='device.enroll']")).hasCount(1);
        int rows = page.locator("table#audit tbody tr").count();

        com.microsoft.playwright.Download download = page.waitForDownload(() -> page.locator("#audit-csv").click());
        assertThat(download.suggestedFilename()).matches("warren-audit-\\d{8}T\\d{6}Z\\.csv");
        String csv = java.nio.file.Files.readString(download.path());
        assertThat(csv.split("\r\n")).hasSize(rows + 1);
        assertThat(csv).contains("\"\"reason\"\":\"\"=1+1\"\"").contains(",device.enroll,");
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        browser.screenshot(page, "audit");
        assertThat(browser.events(page).errors()).isEmpty();
    }

    @Test
    void anAdminCreatesAUserOnTheUsersPageAndItsTokenSignsIn() {
        String name = "newop-" + NAMES.incrementAndGet();
        Page page = browser.page();
        ui.signIn(page, relay.get().adminToken());
        page.locator("nav a[href='/ui/users']").click();
        page.locator("#new-user-name").fill(name);
        page.locator("#new-user-role").selectOption("operator");
        page.locator("button[data-action=create-user]").click();
        String token = page.locator("#new-secret code.secret").textContent();
        assertThat(page.locator("tr[data-user='" + name + "'][data-state=enabled]")).hasCount(1);
        browser.screenshot(page, "users");
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);

        BrowserContext other = browser.newContext();
        Page theirs = other.newPage();
        ui.signIn(theirs, token);
        assertThat(theirs.locator("header .who")).containsText(name + " (operator)");
        other.close();

        ui.open(page, "/ui/users"); // (a reload would post the form again: the secret page is the POST's answer)
        assertThat(page.locator("#new-secret")).hasCount(0);
        page.locator("tr[data-user='" + name + "'] button[data-action=disable]").click();
        assertThat(page.locator("tr[data-user='" + name + "'][data-state=disabled]")).hasCount(1);
        assertThat(browser.events(page).errors()).isEmpty();
    }
}
