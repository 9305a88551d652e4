package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.pki.PkiDirectory;
import dev.warren.testing.net.EchoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal is one log line that names the peer and the reason, and a count by reason in the metrics. */
class RefusalTest {
    @TempDir
    Path dir;

    EchoServer echo;
    PkiDirectory pki;
    MtlsProxy reverse;
    LogCapture log;

    @BeforeEach
    void start() {
        echo = EchoServer.start();
        pki = Pair.pki(dir);
        reverse = MtlsProxy.start(new MtlsConfig(List.of(Pair.reverse(pki, Endpoint.parse("127.0.0.1:0"),
                Endpoint.parse("127.0.0.1:" + echo.port()), false, "node-fwd", "spiffe://plant/ok/*")), null, null, 1));
        log = new LogCapture("dev.warren.mtls");
    }

    @AfterEach
    void stop() {
        log.close();
        reverse.close();
        echo.close();
    }

    @Test
    void allowedNamesGetThrough() throws Exception {
        pki.issue("by-uri", List.of(), List.of(), List.of("spiffe://plant/ok/deep/x"), CertificateProfile.Usage.CLIENT,
                Duration.ofDays(1), KeyAlgorithm.EC_P256, false);
        assertThat(exchangeAs(pki.certificateFile("node-fwd"), pki.keyFile("node-fwd"))).isEqualTo("ping");
        assertThat(exchangeAs(pki.certificateFile("by-uri"), pki.keyFile("by-uri"))).isEqualTo("ping");
    }

    @Test
    void aNameNotOnTheListIsRefusedAndLogged() throws Exception {
        pki.issue("intruder", List.of(), List.of(), List.of("spiffe://plant/other/x"), CertificateProfile.Usage.CLIENT,
                Duration.ofDays(1), KeyAlgorithm.EC_P256, false);
        assertThat(exchangeAs(pki.certificateFile("intruder"), pki.keyFile("intruder"))).isEmpty();
        assertRefused("name_not_allowed", "CN=intruder", "name not on the allow list (node-fwd, spiffe://plant/ok/*)");
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAndLogged() throws Exception {
        PkiDirectory other = PkiDirectory.init(dir.resolve("other"), "Other CA", KeyAlgorithm.EC_P256, Duration.ofDays(3));
        other.issue("node-fwd", List.of(), List.of(), List.of(), CertificateProfile.Usage.CLIENT, Duration.ofDays(1),
                KeyAlgorithm.EC_P256, false);
        assertThat(exchangeAs(other.certificateFile("node-fwd"), other.keyFile("node-fwd"))).isEmpty();
        assertRefused("other_ca", "CN=node-fwd", "issued by CN=Other CA, not by a trusted CA (trusted: CN=Test Plant CA)");
    }

    @Test
    void anExpiredCertificateIsRefusedAndLogged() throws Exception {
        CertificateAuthority ca = CertificateAuthority.load(pki.dir().resolve("ca.crt"), pki.dir().resolve("ca.key"));
        IssuedCertificate expired = ca.issue(new CertificateProfile("node-fwd", List.of(), List.of(), List.of(),
                CertificateProfile.Usage.CLIENT, Duration.ofSeconds(1)), KeyAlgorithm.EC_P256);
        Path crt = dir.resolve("expired.crt");
        Path key = dir.resolve("expired.key");
        Pem.writePublic(crt, expired.certificatePem());
        Pem.writeSecret(key, expired.privateKeyPem());
        Thread.sleep(1_500);
        assertThat(exchangeAs(crt, key)).isEmpty();
        assertRefused("expired", "CN=node-fwd", "expired at");
    }

    @Test
    void aClientWithoutCertificateIsRefused() throws Exception {
        // openssl s_client with no -cert: the server asks, gets nothing, refuses
        Endpoint entry = reverse.listenAddress("rev");
        var pb = new ProcessBuilder("openssl", "s_client", "-connect", entry.toString(), "-CAfile",
                pki.dir().resolve("ca.crt").toString(), "-quiet").redirectErrorStream(true);
        var result = dev.warren.testing.openssh.Processes.run(pb, Duration.ofSeconds(20), "ping".getBytes(StandardCharsets.UTF_8));
        assertThat(result.stdout()).doesNotContain("ping");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("refused client").contains("(no_certificate)")));
    }

    @Test
    void theForwardSideRefusesAServerNotNamedAsExpected() throws Exception {
        assertThat(exchangeAs(pki.certificateFile("node-fwd"), pki.keyFile("node-fwd"), "other.test")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines()).anySatisfy(l -> assertThat(l)
                .startsWith("WARN tunnel fwd: refused server 127.0.0.1:").doesNotContain("/127.0.0.1")
                .contains("(server_name_mismatch): server certificate CN=node-rev")
                .contains("does not name 'other.test'")));
        // the refused side hears why: bad_certificate (BoringSSL sent internal_error for any refusal before)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines()).anySatisfy(l -> assertThat(l)
                .startsWith("WARN tunnel rev: refused client 127.0.0.1:").contains("SSLV3_ALERT_BAD_CERTIFICATE")));
    }

    @Test
    void aUnixClientWhoseServerIsDownIsNamedAsALocalClient() throws Exception {
        Path sock = dir.resolve("fwd.sock");
        int down = dev.warren.testing.net.FreePorts.next();
        try (MtlsProxy forward = MtlsProxy.start(new MtlsConfig(List.of(Pair.forward(pki, "node-fwd",
                Endpoint.parse("unix:" + sock), Endpoint.parse("127.0.0.1:" + down))), null, null, 1))) {
            try {
                Clients.exchange(new Endpoint.Unix(sock), "ping".getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException closed) {
                // the forward side closes the local connection: expected
            }
            // it said: cannot connect to 127.0.0.1:P for : finishConnect(..) ... (a Unix client's address is empty)
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines()).anySatisfy(l ->
                    assertThat(l).contains("tunnel fwd: cannot connect to 127.0.0.1:" + down + " for a local client: ")));
        }
    }

    private String exchangeAs(Path crt, Path key) throws Exception {
        return exchangeAs(crt, key, "rev.test");
    }

    private String exchangeAs(Path crt, Path key, String serverName) throws Exception {
        TunnelConfig t = new TunnelConfig("fwd", TunnelConfig.Mode.FORWARD, Endpoint.parse("127.0.0.1:0"),
                reverse.listenAddress("rev"), crt, key, pki.dir().resolve("ca.crt"), List.of(), false, serverName, false, null);
        try (MtlsProxy forward = MtlsProxy.start(new MtlsConfig(List.of(t), null, null, 1))) {
            return new String(Clients.exchange(forward.listenAddress("fwd"), "ping".getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
        } catch (java.net.SocketException reset) {
            // a refused tunnel closes the local connection; with bytes still unread the kernel sends a reset, not a FIN
            return "";
        }
    }

    private void assertRefused(String reason, String... parts) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines()).anySatisfy(line -> {
            assertThat(line).startsWith("WARN tunnel rev: refused client 127.0.0.1:").contains("(" + reason + ")");
            for (String p : parts) {
                assertThat(line).contains(p);
            }
        }));
        assertThat(reverse.scrape()).contains("warren_mtls_handshake_failures_total{reason=\"" + reason + "\",tunnel=\"rev\"} 1.0");
        assertThat(log.lines()).noneSatisfy(l -> assertThat(l).contains("PRIVATE KEY"));
    }
}
