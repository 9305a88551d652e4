package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.TempDirs;
import dev.warren.testing.netns.Host;
import dev.warren.testing.netns.NetworkLab;
import dev.warren.testing.openssh.OpenSshServer;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import dev.warren.testing.openssh.SshCommand;
import dev.warren.testing.proxy.SquidProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * User story 3 end to end, in network namespaces made by the test, with the real jar and OpenSSH: an {@code ot}
 * network whose only route is to the gateway host (10.42.1.0/24), a gateway host that reaches the relay's network
 * (10.42.2.0/24) and does not forward packets. The agent in {@code ot} enrolls and serves its real sshd through the
 * proxy on the gateway host; {@code ssh} from the relay's side reaches it with {@code warren connect --stdio}; a
 * direct dial from {@code ot} to the relay fails.
 */
class OtNetworkThroughProxyIT {
    private static final String RELAY_IP = "10.42.2.1";
    private static final String GATEWAY_OT_IP = "10.42.1.2";
    private static final int RELAY_PORT = 7443;
    private static final int PROXY_PORT = 3128;
    private static final String USER = "plant-b";
    private static final String PASSWORD = "ot-proxy-pw-7d1f";

    @ParameterizedTest(name = "through {0}, transport {1}")
    @CsvSource({"squid,tls", "squid,wss", "gateway,tls", "gateway,wss"})
    void theAgentEnrollsAndServesSshOnlyThroughTheGateway(String proxyKind, String transport) throws Exception {
        Path dir = Files.createTempDirectory("warren-ot-");
        try (NetworkLab lab = new NetworkLab()) {
            Host ot = lab.host("ot");
            Host gateway = lab.host("gateway");
            Host relayHost = lab.host("relay");
            lab.link(ot, 1, gateway, 2, "10.42.1");
            lab.link(gateway, 2, relayHost, 1, "10.42.2");
            ot.route("default", GATEWAY_OT_IP); // its only way out is the gateway host, which does not forward

            Map<String, String> env = Map.of("WARREN_CONFIG_DIR", dir.resolve("config").toString());
            Process relay = relayHost.start(dir, "relay", WarrenCli.command("relay", "--data",
                    dir.resolve("relay-data").toString(), "--listen", RELAY_IP + ":" + RELAY_PORT, "--server-name",
                    RELAY_IP, "--keepalive", "1s"), env);
            await().atMost(Duration.ofSeconds(60)).until(() -> !relay.isAlive() || log(dir, "relay").contains("listening on"));
            assertThat(relay.isAlive()).as(log(dir, "relay")).isTrue();
            String adminToken = Files.readString(dir.resolve("relay-data/admin.token")).trim();
            List<String> adminEnv = List.of("env", "WARREN_CONFIG_DIR=" + dir.resolve("config"),
                    "WARREN_RELAY=" + RELAY_IP + ":" + RELAY_PORT, "WARREN_TOKEN=" + adminToken,
                    "WARREN_CA=" + dir.resolve("relay-data/ca.crt"));

            try (AutoCloseable proxy = startProxy(proxyKind, gateway, dir)) {
                // no way around the proxy
                ProcessResult direct = ot.run(Duration.ofSeconds(15), "timeout", "5", "bash", "-c",
                        "exec 3<>/dev/tcp/" + RELAY_IP + "/" + RELAY_PORT);
                assertThat(direct.succeeded()).as("a direct dial from ot to the relay must fail").isFalse();

                ProcessResult created = run(relayHost, adminEnv, Duration.ofSeconds(60), "admin", "enroll-token",
                        "create", "--ttl", "10m", "--uses", "1");
                assertThat(created.exitCode()).as(created.describe()).isZero();
                String[] lines = created.stdout().strip().split("\n");
                String token = lines[lines.length - 1];

                ProcessResult wrong = run(ot, List.of("env", "WARREN_CONFIG_DIR=" + dir.resolve("config")),
                        Duration.ofSeconds(90), "agent", "enroll", "--relay", RELAY_IP + ":" + RELAY_PORT, "--token",
                        token, "--name", "ot-dev", "--data", dir.resolve("agent-data").toString(), "--proxy",
                        "http://" + USER + ":wrong-" + PASSWORD + "@" + GATEWAY_OT_IP + ":" + PROXY_PORT);
                assertThat(wrong.exitCode()).as(wrong.describe()).isNotZero();
                assertThat(wrong.stderr()).contains("refused credentials for user '" + USER + "' (407)")
                        .doesNotContain(PASSWORD);

                Path credentials = Files.writeString(dir.resolve("proxy.cred"), USER + ":" + PASSWORD + "\n");
                Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
                String proxyUrl = "http://" + GATEWAY_OT_IP + ":" + PROXY_PORT;
                ProcessResult enrolled = run(ot, List.of("env", "WARREN_CONFIG_DIR=" + dir.resolve("config")),
                        Duration.ofSeconds(90), "agent", "enroll", "--relay", RELAY_IP + ":" + RELAY_PORT, "--token",
                        token, "--name", "ot-dev", "--data", dir.resolve("agent-data").toString(), "--proxy", proxyUrl,
                        "--proxy-credentials", credentials.toString());
                assertThat(enrolled.exitCode()).as(enrolled.describe()).isZero();

                OpenSshServer keys = OpenSshServer.start(dir.resolve("sshd"));
                keys.close(); // the same sshd (keys, config, port) runs in ot from here on
                ot.start(dir, "sshd", keys.foregroundCommand(), Map.of());
                await().atMost(Duration.ofSeconds(20)).until(() -> ot.run(Duration.ofSeconds(5), "bash", "-c",
                        "exec 3<>/dev/tcp/127.0.0.1/" + keys.port()).succeeded());

                // the agent takes the proxy from HTTPS_PROXY this time, password in the URL
                Map<String, String> agentEnv = Map.of("WARREN_CONFIG_DIR", dir.resolve("config").toString(),
                        "HTTPS_PROXY", "http://" + USER + ":" + PASSWORD + "@" + GATEWAY_OT_IP + ":" + PROXY_PORT);
                ot.start(dir, "agent", WarrenCli.command("agent", "run", "--data", dir.resolve("agent-data").toString(),
                        "--keepalive", "1s", "--transport", transport, "--service", "ssh=127.0.0.1:" + keys.port()),
                        agentEnv);
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    ProcessResult r = run(relayHost, adminEnv, Duration.ofSeconds(30), "admin", "devices", "ot-dev",
                            "--json");
                    return r.exitCode() == 0 && r.stdout().replace(" ", "").contains("\"online\":true");
                });
                assertThat(log(dir, "agent")).contains("via http://" + USER + ":***@").doesNotContain(PASSWORD);
                if (transport.equals("wss")) {
                    assertThat(log(dir, "agent")).contains("over wss");
                }

                SshCommand ssh = SshCommand.ssh().forServer(keys, "ot-dev")
                        .proxyCommand(WarrenCli.commandLine() + " connect --transport " + transport + " --stdio %h ssh")
                        .connectTimeout(Duration.ofSeconds(30)).remoteCommand("echo", "hello", "from", "ot");
                List<String> command = new ArrayList<>(adminEnv);
                command.addAll(ssh.command());
                ProcessResult answer = Processes.run(new ProcessBuilder(relayHost.command(command)),
                        Duration.ofSeconds(90));
                assertThat(answer.exitCode()).as(answer.describe() + "\nagent: " + log(dir, "agent")).isZero();
                assertThat(answer.stdout().strip()).isEqualTo("hello from ot");
                // warren ssh runs the system ssh with itself as ProxyCommand, handing down --transport
                ProcessResult viaWarrenSsh = run(relayHost, adminEnv, Duration.ofSeconds(90), "ssh", "--transport",
                        transport, "-o", "BatchMode=yes", "-F", "/dev/null", "-i", keys.clientKey().toString(), "-o",
                        "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=" + keys.knownHostsFile("ot-dev"), "-o",
                        "HostKeyAlias=ot-dev", "-o", "StrictHostKeyChecking=yes", keys.user() + "@ot-dev", "echo",
                        "via", "warren", "ssh");
                assertThat(viaWarrenSsh.exitCode()).as(viaWarrenSsh.describe()).isZero();
                assertThat(viaWarrenSsh.stdout().strip()).isEqualTo("via warren ssh");
                if (proxy instanceof SquidProxy squid) {
                    assertThat(squid.accessLog()).contains("CONNECT " + RELAY_IP + ":" + RELAY_PORT).contains(USER);
                } else {
                    // the gateway's one line per decision: who, where, allowed; never the password
                    assertThat(log(dir, "gateway")).contains(RELAY_IP + ":" + RELAY_PORT)
                            .contains(USER).doesNotContain(PASSWORD);
                }
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static AutoCloseable startProxy(String kind, Host gateway, Path dir) throws Exception {
        return switch (kind) {
            case "squid" -> SquidProxy.start(gateway::command, GATEWAY_OT_IP, PROXY_PORT, USER, PASSWORD,
                    List.of(RELAY_PORT));
            case "gateway" -> startWarrenGateway(gateway, dir);
            default -> throw new IllegalArgumentException("proxy kind: " + kind);
        };
    }

    /** The real jar's {@code warren gateway} in the gateway host, with an htpasswd file made by Apache's htpasswd -B. */
    private static AutoCloseable startWarrenGateway(Host gateway, Path dir) throws Exception {
        Path htpasswd = dir.resolve("gateway.htpasswd");
        Processes.run(new ProcessBuilder("htpasswd", "-B", "-b", "-c", htpasswd.toString(), USER, PASSWORD),
                Duration.ofSeconds(30)).requireSuccess();
        Process process = gateway.start(dir, "gateway", WarrenCli.command("gateway", "--listen",
                GATEWAY_OT_IP + ":" + PROXY_PORT, "--allow-dst", RELAY_IP + ":" + RELAY_PORT, "--allow-src",
                "10.42.1.0/24", "--htpasswd", htpasswd.toString()), Map.of());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !process.isAlive() || log(dir, "gateway").contains("gateway listening on"));
        assertThat(process.isAlive()).as(log(dir, "gateway")).isTrue();
        return () -> Processes.destroyTree(process);
    }

    private static ProcessResult run(Host host, List<String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(env);
        command.addAll(WarrenCli.command(args));
        return Processes.run(new ProcessBuilder(host.command(command)), timeout);
    }

    private static String log(Path dir, String name) {
        try {
            Path err = dir.resolve(name + ".err");
            return Files.exists(err) ? Files.readString(err) : "";
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
