package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.cli.ExitCodes;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.testing.LogCapture;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the operator's commands say when the relay is not the one they trust, or not there: in the user's words, not
 * the JDK's ("unable to find valid certification path to requested target") or Netty's ("finishConnect(..) failed
 * with error(-111)"), and a relay that answered is not one that "cannot be reached".
 */
class RelayTrustMessagesTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();
    static Path otherCa;

    @BeforeAll
    static void anotherCa() throws Exception {
        CertificateAuthority other = CertificateAuthority.create("Another CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        otherCa = Files.writeString(relay.newDir("other").resolve("ca.crt"), Pem.encode(other.certificate()));
    }

    private static InProcessCli.Run warren(String relayAddress, Path ca, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 6);
        System.arraycopy(new String[] {"--relay", relayAddress, "--token", relay.get().adminToken(), "--ca",
            ca.toString()}, 0, all, args.length, 6);
        return InProcessCli.run(all);
    }

    @Test
    void anAdminCommandAgainstARelayFromAnotherCa() {
        InProcessCli.Run r = warren(relay.get().address().toString(), otherCa, "admin", "devices");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).contains("warren: relay " + relay.get().address() + " is not the relay you trust")
                .contains("its certificate was not issued by the CA this side trusts")
                .doesNotContain("cannot reach", "certification path");
    }

    @Test
    void aSessionAgainstARelayFromAnotherCa() {
        InProcessCli.Run r = warren(relay.get().address().toString(), otherCa, "connect", "dev-x", "ssh", "--stdio");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.stderr()).contains("TLS handshake with relay " + relay.get().address()
                + " failed: its certificate was not issued by the CA this side trusts").doesNotContain("certification path");
    }

    /** The relay's admin reads that a client does not trust the relay, not BoringSSL's internal_error. */
    @Test
    void theRelayLogsThatTheClientDoesNotTrustIt() throws Exception {
        String otherPin = dev.warren.common.tls.SpkiPins.of(Pem.readCertificates(otherCa).getFirst());
        try (LogCapture log = new LogCapture("dev.warren.relay.PortInitializer")) {
            InProcessCli.Run byCa = warren(relay.get().address().toString(), otherCa, "admin", "devices");
            InProcessCli.Run byPin = InProcessCli.run("admin", "devices", "--relay", relay.get().address().toString(),
                    "--token", relay.get().adminToken(), "--ca-pin", otherPin);
            assertThat(byCa.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(byPin.code()).as(byPin.stderr()).isEqualTo(ExitCodes.FAILURE);
            List<String> refusals = awaitLines(log, "TLS handshake from", 2);
            // at least: a refusal from another test of this class may still be logged late, and reads the same
            assertThat(refusals).hasSizeGreaterThanOrEqualTo(2).allSatisfy(line -> assertThat(line)
                    .contains("failed: the client does not trust this relay's certificate (unknown CA")
                    .contains("TLSV1_ALERT_UNKNOWN_CA")
                    .doesNotContain("INTERNAL_ERROR"));
        }
    }

    /** The relay logs after the client has gone: wait, bounded, for that many lines. */
    private static List<String> awaitLines(LogCapture log, String marker, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = log.lines().stream().filter(l -> l.contains(marker)).toList();
            if (lines.size() >= count) {
                return lines;
            }
            Thread.sleep(20);
        }
        return lines;
    }

    @Test
    void nothingListeningIsConnectionRefused() {
        String nowhere = "127.0.0.1:" + FreePorts.next();
        Path ca = relay.get().dataDir().resolve("ca.crt");
        InProcessCli.Run admin = warren(nowhere, ca, "admin", "devices");
        assertThat(admin.stderr()).contains("warren: cannot reach relay " + nowhere + ": Connection refused")
                .doesNotContain("finishConnect", "error(-111)");
        InProcessCli.Run session = warren(nowhere, ca, "connect", "dev-x", "ssh", "--stdio");
        assertThat(session.stderr()).contains("Connection refused").doesNotContain("finishConnect", "error(-111)");
    }
}
