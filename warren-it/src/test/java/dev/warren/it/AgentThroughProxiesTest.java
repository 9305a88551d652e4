package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.AgentFiles;
import dev.warren.agent.Enrollment;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.openssh.OpenSshServer;
import dev.warren.testing.proxy.SquidProxy;
import dev.warren.testing.proxy.SshSocksProxy;
import dev.warren.transport.proxy.ProxySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent behind proxies, in one JVM with real proxies on loopback: a squid that wants Basic auth and allows
 * CONNECT to the relay's port only, and a SOCKS5 proxy made by {@code ssh -D}. Enrollment and the session go through
 * them; wrong credentials, a forbidden destination and an unreachable proxy are said plainly; the agent comes back
 * when the proxy does.
 */
class AgentThroughProxiesTest {
    private static final String USER = "plant-b";
    private static final String PASSWORD = "s3cret:with@odd/chars";

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    static SquidProxy squid;
    static EchoServer echo;

    @BeforeAll
    static void start() throws Exception {
        squid = SquidProxy.start("127.0.0.1", USER, PASSWORD, List.of(relay.get().address().port()));
        echo = EchoServer.start(200);
    }

    @AfterAll
    static void stop() throws Exception {
        echo.close();
        squid.close();
    }

    @Test
    void enrollsAndServesThroughSquidWithBasicAuth() throws Exception {
        ProxySpec proxy = squidProxy(PASSWORD);
        AgentFiles files = enroll("via-squid", proxy);
        try (Agent agent = run(files, proxy)) {
            await().atMost(Duration.ofSeconds(15)).until(agent::connected);
            assertEchoes("via-squid");
        }
        assertThat(squid.accessLog()).contains("CONNECT 127.0.0.1:" + relay.get().address().port())
                .contains(USER);
    }

    @Test
    void servesOverWssThroughSquid() throws Exception {
        ProxySpec proxy = squidProxy(PASSWORD);
        AgentFiles files = enroll("wss-via-squid", proxy);
        try (Agent agent = Agent.start(AgentConfig.of(files.dir(), Map.of("echo", echo())).withProxy(proxy)
                .withTransport(dev.warren.transport.Transport.WSS).withSession(TestRelay.fastSession())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))) {
            await().atMost(Duration.ofSeconds(15)).until(agent::connected);
            assertEchoes("wss-via-squid");
        }
    }

    @Test
    void aWrongProxyPasswordIsSaidPlainlyAtEnrollmentAndWhenDialing() throws Exception {
        ProxySpec wrong = squidProxy("not-the-password");
        assertThatThrownBy(() -> enroll("wrong-password", wrong))
                .isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining("refused credentials for user '" + USER + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-password"));
        AgentFiles files = enroll("wrong-password-later", squidProxy(PASSWORD));
        try (Agent agent = run(files, wrong)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> agent.lastFailure() != null);
            assertThat(agent.lastFailure()).contains("proxy 127.0.0.1:" + squid.port())
                    .contains("refused credentials for user '" + USER + "' (407)")
                    .doesNotContain("not-the-password");
            assertThat(agent.connected()).isFalse();
        }
    }

    @Test
    void aDestinationTheProxyForbidsIsSaidWithItsStatus() throws Exception {
        AgentFiles files = enroll("forbidden-port", squidProxy(PASSWORD));
        int otherPort = relay.get().address().port() == 1 ? 2 : 1;
        try (Agent agent = Agent.start(AgentConfig.of(files.dir(), Map.of("echo", echo()))
                .withRelay(new HostPort("127.0.0.1", otherPort)).withProxy(squidProxy(PASSWORD))
                .withSession(TestRelay.fastSession()).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> agent.lastFailure() != null);
            assertThat(agent.lastFailure()).contains("refused the tunnel to 127.0.0.1:" + otherPort + " (403");
        }
    }

    @Test
    void anUnreachableProxyIsNamedAndTheAgentComesBackWhenItIsUp() throws Exception {
        AgentFiles files = enroll("proxy-restart", squidProxy(PASSWORD));
        int port = dev.warren.testing.net.FreePorts.next();
        ProxySpec later = ProxySpec.parse("http://" + USER + ":" + "pw2@127.0.0.1:" + port);
        try (Agent agent = run(files, later)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> agent.lastFailure() != null);
            assertThat(agent.lastFailure()).contains("connect to proxy 127.0.0.1:" + port);
            try (SquidProxy second = SquidProxy.start("127.0.0.1", port, USER, "pw2",
                    List.of(relay.get().address().port()))) {
                await().atMost(Duration.ofSeconds(20)).until(agent::connected);
                assertEchoes("proxy-restart");
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> !agent.connected());
        }
    }

    @Test
    void servesThroughASocks5ProxyMadeBySshD(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"));
                SshSocksProxy socks = SshSocksProxy.start(sshd)) {
            ProxySpec proxy = ProxySpec.parse(socks.url());
            AgentFiles files = enroll("via-socks", proxy);
            try (Agent agent = run(files, proxy)) {
                await().atMost(Duration.ofSeconds(15)).until(agent::connected);
                assertEchoes("via-socks");
            }
        }
    }

    private static ProxySpec squidProxy(String password) {
        return new ProxySpec(ProxySpec.Kind.HTTP, new HostPort("127.0.0.1", squid.port()), USER, password);
    }

    private static AgentFiles enroll(String name, ProxySpec proxy) throws Exception {
        AgentFiles files = new AgentFiles(relay.newDir(name));
        Enrollment.enroll(new Enrollment.Request(relay.get().address(), relay.get().enrollToken(Duration.ofMinutes(5), 1),
                name, Map.of(), false, proxy), files);
        return files;
    }

    private static Agent run(AgentFiles files, ProxySpec proxy) {
        return Agent.start(AgentConfig.of(files.dir(), Map.of("echo", echo())).withProxy(proxy)
                .withSession(TestRelay.fastSession()).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    private static HostPort echo() {
        return new HostPort("127.0.0.1", echo.port());
    }

    private static void assertEchoes(String device) throws Exception {
        try (OperatorClient operator = new OperatorClient(relay.get().admin());
                LocalForwarder forwarder = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), device, "echo",
                        r -> { })) {
            byte[] data = Wire.random(2_000_000, 7);
            assertThat(Wire.sha256(Wire.roundTrip(forwarder.port(), data))).isEqualTo(Wire.sha256(data));
        }
    }
}
