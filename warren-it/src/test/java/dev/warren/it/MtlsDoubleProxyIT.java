package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User story 5 end to end with the real jar: certificates made by {@code warren pki}, read by openssl and HAProxy;
 * Warren's forward side against HAProxy's reverse ({@code verify required}) and HAProxy's forward against Warren's
 * reverse; a stunnel client against Warren's reverse; and a real dbus-daemon reached by dbus-send and busctl through a Warren double proxy, with refusals of a
 * certificate from another CA, an expired one and a name not on the list, each logged with its reason.
 */
class MtlsDoubleProxyIT {
    static Path dir;
    static Path pki;
    static WarrenCli cli;
    static EchoServer echo;
    static final List<Process> others = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("warren-mtls-");
        pki = dir.resolve("pki");
        cli = new WarrenCli(dir);
        echo = EchoServer.start();
        ok(cli.run(Duration.ofSeconds(60), "pki", "init", "--dir", "pki", "--name", "Plant CA"));
        ok(cli.run(Duration.ofSeconds(60), "pki", "issue", "--dir", "pki", "--name", "node-ctl", "--dns", "node-ctl.test",
                "--uri", "spiffe://plant/controller", "--server"));
        ok(cli.run(Duration.ofSeconds(60), "pki", "issue", "--dir", "pki", "--name", "node-agent",
                "--uri", "spiffe://plant/agents/node-agent", "--client"));
        ok(cli.run(Duration.ofSeconds(60), "pki", "issue", "--dir", "pki", "--name", "haproxy", "--dns", "haproxy.test",
                "--combined"));
        ok(cli.run(Duration.ofSeconds(60), "pki", "issue", "--dir", "pki", "--name", "stranger", "--client"));
    }

    @AfterAll
    static void stop() {
        others.forEach(Processes::destroyTree);
        if (cli != null) {
            cli.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void certificatesFromWarrenPkiVerifyWithOpensslAndRenewKeepsTheirNames() {
        ProcessResult verify = openssl("verify", "-CAfile", "pki/ca.crt", "pki/node-ctl.crt", "pki/node-agent.crt", "pki/haproxy.crt");
        assertThat(verify.stdout()).contains("pki/node-ctl.crt: OK", "pki/node-agent.crt: OK", "pki/haproxy.crt: OK");
        String text = openssl("x509", "-in", "pki/node-ctl.crt", "-noout", "-text").stdout();
        assertThat(text).contains("DNS:node-ctl.test", "URI:spiffe://plant/controller", "TLS Web Server Authentication",
                "ASN1 OID: prime256v1");
        assertThat(openssl("pkey", "-in", "pki/haproxy.pem", "-noout").exitCode()).isZero();
        assertThat(pki.resolve("node-ctl.key")).satisfies(k ->
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(k)))
                        .isEqualTo("rw-------"));

        String before = openssl("x509", "-in", "pki/stranger.crt", "-noout", "-serial").stdout();
        ok(cli.run(Duration.ofSeconds(60), "pki", "renew", "--dir", "pki", "--name", "stranger", "--days", "30"));
        String after = openssl("x509", "-in", "pki/stranger.crt", "-noout", "-serial", "-subject", "-ext", "extendedKeyUsage").stdout();
        assertThat(after).doesNotContain(before.strip()).contains("CN = stranger", "TLS Web Client Authentication");
        ProcessResult list = cli.run(Duration.ofSeconds(60), "pki", "list", "--dir", "pki");
        assertThat(list.stdout()).contains("NAME", "SANS", "EXPIRES", "SERIAL", "node-ctl",
                "DNS:node-ctl.test, URI:spiffe://plant/controller", "stranger");
    }

    @Test
    void warrenForwardToHaproxyReverseWithVerifyRequired() throws Exception {
        int haproxyPort = FreePorts.next();
        haproxy("hap-rev", """
                frontend tls
                	bind 127.0.0.1:%d ssl crt %s ca-file %s verify required ssl-min-ver TLSv1.3
                	default_backend echo
                backend echo
                	server t 127.0.0.1:%d
                """.formatted(haproxyPort, pki.resolve("haproxy.pem"), pki.resolve("ca.crt"), echo.port()));
        Path sock = dir.resolve("to-haproxy.sock");
        cli.start("fwd-haproxy", "mtls", "forward", "--listen", "unix:" + sock, "--connect", "127.0.0.1:" + haproxyPort,
                "--server-name", "haproxy.test", "--cert", "pki/node-agent.crt", "--key", "pki/node-agent.key",
                "--ca", "pki/ca.crt");
        awaitLog("fwd-haproxy", "tunnel forward: forward unix:");
        for (int i = 0; i < 3; i++) {
            assertThat(requestResponse(sock, ("through haproxy " + i).repeat(1000))).isEqualTo(("through haproxy " + i).repeat(1000));
        }
    }

    @Test
    void haproxyForwardToWarrenReverse() throws Exception {
        int reversePort = FreePorts.next();
        cli.start("rev-for-haproxy", "mtls", "reverse", "--listen", "127.0.0.1:" + reversePort, "--connect",
                "127.0.0.1:" + echo.port(), "--cert", "pki/node-ctl.crt", "--key", "pki/node-ctl.key", "--ca", "pki/ca.crt",
                "--allow-name", "haproxy");
        awaitLog("rev-for-haproxy", "tunnel reverse: reverse 127.0.0.1:" + reversePort);
        Path sock = dir.resolve("hap-fwd.sock");
        haproxy("hap-fwd", """
                frontend plain
                	bind %s
                	default_backend tls
                backend tls
                	server rev 127.0.0.1:%d ssl crt %s ca-file %s verify required verifyhost node-ctl.test ssl-min-ver TLSv1.3
                """.formatted(sock, reversePort, pki.resolve("haproxy.pem"), pki.resolve("ca.crt")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(sock));
        for (int i = 0; i < 3; i++) {
            assertThat(requestResponse(sock, "from haproxy " + i)).isEqualTo("from haproxy " + i);
        }
        assertThat(cli.log("rev-for-haproxy")).doesNotContain("refused");
    }

    @Test
    void aYamlFileRunsSeveralTunnelsAndSighupReloadsRenewedCertificates() throws Exception {
        ok(cli.run(Duration.ofSeconds(60), "pki", "issue", "--dir", "pki", "--name", "yaml-ctl", "--dns", "yaml-ctl.test",
                "--server"));
        int port = FreePorts.next();
        Path in = dir.resolve("yaml-in.sock");
        Path config = Files.writeString(dir.resolve("mtls.yaml"), """
                reload-check: 1h
                tunnels:
                  - name: ctl
                    mode: reverse
                    listen: 127.0.0.1:%d
                    connect: 127.0.0.1:%d
                    cert: pki/yaml-ctl.crt
                    key: pki/yaml-ctl.key
                    ca: pki/ca.crt
                    allow-names: ["spiffe://plant/agents/*"]
                  - name: agent
                    mode: forward
                    listen: unix:%s
                    connect: 127.0.0.1:%d
                    server-name: yaml-ctl.test
                    cert: pki/node-agent.crt
                    key: pki/node-agent.key
                    ca: pki/ca.crt
                """.formatted(port, echo.port(), in, port));
        ok(cli.run(Duration.ofSeconds(60), "mtls", "run", "--config", config.toString(), "--check"));
        Process p = cli.start("yaml", "mtls", "run", "--config", config.toString());
        awaitLog("yaml", "tunnel agent: forward unix:");
        assertThat(requestResponse(in, "one process, two tunnels")).isEqualTo("one process, two tunnels");

        ok(cli.run(Duration.ofSeconds(60), "pki", "renew", "--dir", "pki", "--name", "yaml-ctl"));
        assertThat(run("kill", "-HUP", String.valueOf(p.pid())).exitCode()).isZero();
        awaitLog("yaml", "tunnel ctl: reloaded certificate and CA (reload requested): CN=yaml-ctl");
        assertThat(requestResponse(in, "after the reload")).isEqualTo("after the reload");
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void stunnelClientToWarrenReverseWithWarrenPkiFiles() throws Exception {
        int reversePort = FreePorts.next();
        cli.start("rev-for-stunnel", "mtls", "reverse", "--listen", "127.0.0.1:" + reversePort, "--connect",
                "127.0.0.1:" + echo.port(), "--cert", "pki/node-ctl.crt", "--key", "pki/node-ctl.key", "--ca", "pki/ca.crt",
                "--allow-name", "spiffe://plant/agents/*");
        awaitLog("rev-for-stunnel", "tunnel reverse: reverse 127.0.0.1:" + reversePort);
        int stunnelPort = FreePorts.next();
        Path conf = Files.writeString(dir.resolve("stunnel.conf"), """
                foreground = yes
                pid =
                debug = warning
                [echo]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                CAfile = %s
                verifyChain = yes
                checkHost = node-ctl.test
                sslVersionMin = TLSv1.3
                """.formatted(stunnelPort, reversePort, pki.resolve("node-agent.crt"), pki.resolve("node-agent.key"),
                pki.resolve("ca.crt")));
        others.add(new ProcessBuilder("stunnel", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stunnel.log").toFile()).start());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (SocketChannel probe = SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", stunnelPort))) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        try (SocketChannel ch = SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", stunnelPort))) {
            byte[] bytes = "through stunnel".getBytes(StandardCharsets.UTF_8);
            ch.write(ByteBuffer.wrap(bytes));
            assertThat(new String(Channels.newInputStream(ch).readNBytes(bytes.length), StandardCharsets.UTF_8))
                    .isEqualTo("through stunnel");
        }
        assertThat(cli.log("rev-for-stunnel")).doesNotContain("refused client");
    }

    @Test
    void dbusThroughTheDoubleProxyAndRefusalsWithTheirReasons() throws Exception {
        Path bus = dir.resolve("bus.sock");
        Path conf = Files.writeString(dir.resolve("bus.conf"), """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <auth>ANONYMOUS</auth>
                  <allow_anonymous/>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(bus));
        others.add(new ProcessBuilder("dbus-daemon", "--config-file=" + conf, "--nofork", "--nopidfile")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dbus.log").toFile()).start());
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(bus));

        int port = FreePorts.next();
        cli.start("ctl", "mtls", "reverse", "--listen", "127.0.0.1:" + port, "--connect", "unix:" + bus,
                "--cert", "pki/node-ctl.crt", "--key", "pki/node-ctl.key", "--ca", "pki/ca.crt",
                "--allow-name", "spiffe://plant/agents/*");
        Path agentBus = dir.resolve("agent-bus.sock");
        cli.start("agent", "mtls", "forward", "--listen", "unix:" + agentBus, "--connect", "127.0.0.1:" + port,
                "--server-name", "node-ctl.test", "--cert", "pki/node-agent.crt", "--key", "pki/node-agent.key",
                "--ca", "pki/ca.crt", "--socket-mode", "0660");
        awaitLog("ctl", "tunnel reverse: reverse");
        awaitLog("agent", "tunnel forward: forward");

        String address = "unix:path=" + agentBus;
        ProcessResult names = run("dbus-send", "--bus=" + address, "--print-reply", "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames");
        assertThat(names.exitCode()).as(names.describe()).isZero();
        assertThat(names.stdout()).contains("string \"org.freedesktop.DBus\"");
        if (Files.isExecutable(Path.of("/usr/bin/busctl"))) {
            // busctl comes with systemd, too large a package to require for this: used where it is installed
            ProcessResult id = run("busctl", "--address=" + address, "call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                    "org.freedesktop.DBus", "GetId");
            assertThat(id.exitCode()).as(id.describe()).isZero();
            assertThat(id.stdout()).startsWith("s \"");
        }
        ProcessResult ping = run("dbus-send", "--bus=" + address, "--print-reply", "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus", "org.freedesktop.DBus.Peer.Ping");
        assertThat(ping.exitCode()).as(ping.describe()).isZero();

        // a name not on the list (same CA)
        refusedThroughBus("stranger", "pki/stranger.crt", "pki/stranger.key", port,
                "(name_not_allowed): client certificate CN=stranger", "name not on the allow list (spiffe://plant/agents/*)");
        // another CA
        ok(cli.run(Duration.ofSeconds(60), "pki", "init", "--dir", "other-pki", "--name", "Other CA"));
        ok(cli.run(Duration.ofSeconds(60), "pki", "issue", "--dir", "other-pki", "--name", "node-agent",
                "--uri", "spiffe://plant/agents/node-agent", "--client"));
        refusedThroughBus("other-ca", "other-pki/node-agent.crt", "other-pki/node-agent.key", port,
                "(other_ca): client certificate CN=node-agent", "issued by CN=Other CA, not by a trusted CA (trusted: CN=Plant CA)");
        // expired (same CA, allowed name)
        CertificateAuthority ca = CertificateAuthority.load(pki.resolve("ca.crt"), pki.resolve("ca.key"));
        IssuedCertificate expired = ca.issue(new CertificateProfile("node-agent", List.of(), List.of(),
                List.of("spiffe://plant/agents/node-agent"), CertificateProfile.Usage.CLIENT, Duration.ofSeconds(1)),
                KeyAlgorithm.EC_P256);
        Pem.writePublic(dir.resolve("expired.crt"), expired.certificatePem());
        Pem.writeSecret(dir.resolve("expired.key"), expired.privateKeyPem());
        Thread.sleep(1_500);
        refusedThroughBus("expired", "expired.crt", "expired.key", port, "(expired): client certificate CN=node-agent",
                "expired at");

        // the good path still works, and nothing secret reached a log
        assertThat(run("dbus-send", "--bus=" + address, "--print-reply", "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames").exitCode()).isZero();
        assertThat(cli.log("ctl") + cli.log("agent")).doesNotContain("PRIVATE KEY");
    }

    private static void refusedThroughBus(String name, String crt, String key, int port, String... expected) throws Exception {
        Path sock = dir.resolve(name + ".sock");
        Process p = cli.start("bad-" + name, "mtls", "forward", "--listen", "unix:" + sock, "--connect",
                "127.0.0.1:" + port, "--server-name", "node-ctl.test", "--cert", crt, "--key", key, "--ca", "pki/ca.crt");
        awaitLog("bad-" + name, "tunnel forward: forward");
        ProcessResult refused = run("dbus-send", "--bus=unix:path=" + sock, "--print-reply", "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames");
        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cli.log("ctl")).contains("WARN")
                .satisfies(log -> {
                    String line = log.lines().filter(l -> l.contains(expected[0])).findFirst().orElse("");
                    assertThat(line).as("a refusal line in:\n" + log).contains("tunnel reverse: refused client 127.0.0.1:");
                    for (String e : expected) {
                        assertThat(line).contains(e);
                    }
                }));
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends a message and reads exactly as many bytes back, then closes. */
    private static String requestResponse(Path sock, String message) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            ch.write(ByteBuffer.wrap(bytes));
            InputStream in = Channels.newInputStream(ch);
            byte[] back = in.readNBytes(bytes.length);
            return new String(back, StandardCharsets.UTF_8);
        }
    }

    private static void haproxy(String name, String body) throws Exception {
        Path cfg = Files.writeString(dir.resolve(name + ".cfg"), """
                global
                	maxconn 256
                defaults
                	mode tcp
                	timeout connect 5s
                	timeout client 30s
                	timeout server 30s
                """ + body);
        ProcessResult check = run("haproxy", "-c", "-f", cfg.toString());
        assertThat(check.exitCode()).as(check.describe()).isZero();
        others.add(new ProcessBuilder("haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start());
        // ready when its frontend accepts, not after a guessed half second
        java.util.regex.Matcher tcp = java.util.regex.Pattern.compile("bind 127\\.0\\.0\\.1:(\\d+)").matcher(body);
        java.util.regex.Matcher unix = java.util.regex.Pattern.compile("bind (/\\S+)").matcher(body);
        if (tcp.find()) {
            int port = Integer.parseInt(tcp.group(1));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                }
            });
        } else if (unix.find()) {
            Path sock = Path.of(unix.group(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sock));
        }
    }

    private static void awaitLog(String name, String text) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cli.log(name)).contains(text));
    }

    private static ProcessResult openssl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        return Processes.run(new ProcessBuilder(cmd).directory(dir.toFile()), Duration.ofSeconds(30));
    }

    private static ProcessResult run(String... cmd) {
        return Processes.run(new ProcessBuilder(cmd).directory(dir.toFile()), Duration.ofSeconds(30));
    }

    private static void ok(ProcessResult r) {
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

}
