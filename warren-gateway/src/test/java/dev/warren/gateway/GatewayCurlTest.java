package dev.warren.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's decisions as curl sees them, with an htpasswd file made by Apache's own htpasswd. */
class GatewayCurlTest {
    @TempDir
    Path dir;

    private WebServer web;
    private Gateway gateway;
    private Path htpasswd;

    @BeforeEach
    void setUp() throws Exception {
        web = new WebServer();
        htpasswd = dir.resolve("gateway.htpasswd");
        Tools.htpasswd(htpasswd, "-B", "alice", "correct horse battery staple");
    }

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        web.close();
    }

    private Gateway start(List<String> allowSrc, List<String> denyDst, boolean weak) {
        gateway = Gateway.start(GatewayConfig.withHtpasswd(loopback(),
                List.of("127.0.0.1:" + web.port(), "localhost:" + web.port()), allowSrc, denyDst, htpasswd, weak), 1);
        return gateway;
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private Tools.Result curl(String credentials, String host, int port) throws Exception {
        return Tools.curl(gateway.port(), credentials, "http://" + host + ":" + port + "/", null);
    }

    @Test
    void allowedDestinationWithTheRightPasswordIsTunnelled() throws Exception {
        start(List.of("127.0.0.1/32"), List.of(), false);
        Tools.Result r = curl("alice:correct horse battery staple", "127.0.0.1", web.port());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith(WebServer.BODY);
        assertThat(Tools.connectStatus(r)).isEqualTo("200");
    }

    @Test
    void wrongOrMissingPasswordIsAnswered407WithAChallenge() throws Exception {
        start(List.of(), List.of(), false);
        Tools.Result wrong = curl("alice:wrong", "127.0.0.1", web.port());
        assertThat(Tools.connectStatus(wrong)).isEqualTo("407");
        assertThat(wrong.exit()).isNotZero();
        Tools.Result none = curl(null, "127.0.0.1", web.port());
        assertThat(Tools.connectStatus(none)).isEqualTo("407");
        Tools.Result unknownUser = curl("mallory:correct horse battery staple", "127.0.0.1", web.port());
        assertThat(Tools.connectStatus(unknownUser)).isEqualTo("407");
        Tools.Result verbose = Tools.run(List.of("curl", "-sS", "-v", "--max-time", "10", "--proxytunnel", "--proxy",
                "http://127.0.0.1:" + gateway.port(), "http://127.0.0.1:" + web.port() + "/"));
        assertThat(verbose.stderr()).containsIgnoringCase("Proxy-Authenticate: Basic realm=\"warren-gateway\"");
    }

    @Test
    void wrongPortOrHostIsForbidden() throws Exception {
        start(List.of(), List.of(), false);
        assertThat(Tools.connectStatus(curl("alice:correct horse battery staple", "127.0.0.1", web.port() + 1)))
                .isEqualTo("403");
        assertThat(Tools.connectStatus(curl("alice:correct horse battery staple", "127.0.0.2", web.port())))
                .isEqualTo("403");
        Tools.Result verbose = Tools.run(List.of("curl", "-sS", "-v", "--max-time", "10", "--proxytunnel", "--proxy",
                "http://127.0.0.1:" + gateway.port(), "--proxy-user", "alice:correct horse battery staple",
                "http://example.org:443/"));
        assertThat(verbose.stderr()).contains("403");
    }

    @Test
    void wrongSourceIsForbidden() throws Exception {
        start(List.of("127.0.0.1/32"), List.of(), false);
        Tools.Result r = Tools.curl(gateway.port(), "alice:correct horse battery staple",
                "http://127.0.0.1:" + web.port() + "/", "127.0.0.2");
        assertThat(Tools.connectStatus(r)).isEqualTo("403");
        Tools.Result fromAllowed = Tools.curl(gateway.port(), "alice:correct horse battery staple",
                "http://127.0.0.1:" + web.port() + "/", "127.0.0.1");
        assertThat(Tools.connectStatus(fromAllowed)).isEqualTo("200");
    }

    @Test
    void aNameThatResolvesIntoTheDenyListIsForbidden() throws Exception {
        start(List.of(), List.of("127.0.0.0/8", "::1/128"), false);
        // localhost is allowed by name, but it resolves into a denied network: no path to internal addresses
        assertThat(Tools.connectStatus(curl("alice:correct horse battery staple", "localhost", web.port())))
                .isEqualTo("403");
        // the same for an address literal
        assertThat(Tools.connectStatus(curl("alice:correct horse battery staple", "127.0.0.1", web.port())))
                .isEqualTo("403");
    }

    @Test
    void aNameIsResolvedByTheGatewayAndConnected() throws Exception {
        start(List.of(), List.of("10.0.0.0/8"), false);
        Tools.Result r = curl("alice:correct horse battery staple", "localhost", web.port());
        assertThat(Tools.connectStatus(r)).isEqualTo("200");
        assertThat(r.stdout()).startsWith(WebServer.BODY);
    }

    @Test
    void htpasswdIsReloadedWhenItChangesAndABrokenFileKeepsTheOldOne() throws Exception {
        start(List.of(), List.of(), false);
        assertThat(Tools.connectStatus(curl("alice:correct horse battery staple", "127.0.0.1", web.port())))
                .isEqualTo("200");
        Path next = dir.resolve("next.htpasswd");
        Tools.htpasswd(next, "-B", "bob", "another long passphrase");
        Files.move(next, htpasswd, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() ->
                Tools.connectStatus(curl("bob:another long passphrase", "127.0.0.1", web.port())).equals("200"));
        assertThat(Tools.connectStatus(curl("alice:correct horse battery staple", "127.0.0.1", web.port())))
                .isEqualTo("407");
        // a broken file (a weak hash without --allow-weak-hashes) is not loaded: bob still gets in
        Files.writeString(htpasswd, "bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        Thread.sleep(2500);
        assertThat(Tools.connectStatus(curl("bob:another long passphrase", "127.0.0.1", web.port())))
                .isEqualTo("200");
    }

    @Test
    void weakHashesAreRefusedUnlessAllowedAndThenVerifiedCorrectly() throws Exception {
        Path weak = dir.resolve("weak.htpasswd");
        Tools.htpasswd(weak, "-s", "sha", "sha password 1");
        Tools.htpasswd(weak, "-m", "md5", "md5 password 2");
        Tools.htpasswd(weak, "-p", "plain", "plain password 3");
        assertThatThrownBy(() -> Gateway.start(GatewayConfig.withHtpasswd(loopback(),
                List.of("127.0.0.1:" + web.port()), List.of(), List.of(), weak, false)))
                .hasMessageContaining("weak hash scheme {SHA} refused");
        htpasswd = weak;
        start(List.of(), List.of(), true);
        for (String good : List.of("sha:sha password 1", "md5:md5 password 2", "plain:plain password 3")) {
            assertThat(Tools.connectStatus(curl(good, "127.0.0.1", web.port()))).as(good).isEqualTo("200");
            assertThat(Tools.connectStatus(curl(good + "x", "127.0.0.1", web.port()))).as(good).isEqualTo("407");
        }
    }
}
