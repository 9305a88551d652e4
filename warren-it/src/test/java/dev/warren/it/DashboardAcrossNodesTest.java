package dev.warren.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.warren.store.PostgresFixture;
import dev.warren.store.StoreConfig;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestRelay;
import dev.warren.testing.browser.BrowserExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dashboard sessions live in the store: two relay nodes sharing one PostgreSQL (and one CA) each accept a session the
 * other made, a restart keeps the browser signed in, and signing out on one node signs out on both. In Chromium,
 * whose one cookie jar sends the session cookie to both nodes (cookies are per host, not per port).
 */
@Timeout(120)
class DashboardAcrossNodesTest {
    static final PostgresFixture pg = PostgresFixture.get();
    static final String schema = pg.createSchema();

    /** Drops the schema after everything else stopped (extensions end in the reverse of their order). */
    @RegisterExtension
    @Order(0)
    static final AfterAllCallback dropSchema = context -> pg.dropSchema(schema);
    @RegisterExtension
    @Order(1)
    static final RelayExtension nodeA = new RelayExtension(c -> c.withStore(store()));
    @RegisterExtension
    @Order(2)
    static final BrowserExtension browser = new BrowserExtension(() -> nodeA.get().server().caCertificate());
    static TestRelay nodeB;

    static StoreConfig store() {
        return StoreConfig.postgres(pg.jdbcUrl(schema), pg.user(), "");
    }

    @BeforeAll
    static void startNodeB() throws Exception {
        Path dir = nodeA.newDir("node-b");
        for (String shared : List.of("ca.crt", "ca.key", "admin.token")) {
            Files.copy(nodeA.get().dataDir().resolve(shared), dir.resolve(shared));
        }
        nodeB = TestRelay.start(dir, c -> c.withStore(store()));
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void aSessionMadeOnOneNodeHoldsOnTheOtherAcrossARestartAndEndsOnBoth() {
        DashboardUi a = new DashboardUi(nodeA.get());
        DashboardUi b = new DashboardUi(nodeB);
        assertThat(nodeA.get().server().nodeId()).isNotEqualTo(nodeB.server().nodeId());
        Page page = browser.page();
        a.signIn(page, nodeA.get().adminToken());
        String csrf = page.locator("form[action='/ui/logout'] input[name=csrf]").inputValue();

        b.open(page, "/ui/sessions");
        assertThat(page).hasURL(b.url("/ui/sessions"));
        assertThat(page.locator("header .who")).hasText("admin (admin)");
        assertThat(page.locator("form[action='/ui/logout'] input[name=csrf]")).hasValue(csrf);

        nodeA.get().restart();
        a.open(page, "/ui/grants");
        assertThat(page).hasURL(a.url("/ui/grants"));

        b.open(page, "/ui/devices");
        page.locator("form[action='/ui/logout'] button[type=submit]").click();
        assertThat(page).hasURL(b.url("/ui/login"));
        a.open(page, "/ui/devices");
        assertThat(page).hasURL(a.url("/ui/login"));
    }
}
