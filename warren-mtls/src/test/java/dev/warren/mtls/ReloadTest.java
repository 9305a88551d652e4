package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.net.Checksums;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.RandomFiles;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** New certificates are picked up without a restart and without dropping a live connection; broken files are refused. */
class ReloadTest {
    @TempDir
    Path dir;

    @Test
    void renewedCertificatesReloadUnderLoadWithoutDroppingAConnection() throws Exception {
        Path file = RandomFiles.create(dir.resolve("load.bin"), 48L << 20, 7);
        try (EchoServer echo = EchoServer.start();
             Pair pair = Pair.start(dir, Endpoint.parse("unix:" + dir.resolve("in.sock")),
                     Endpoint.parse("127.0.0.1:" + echo.port()), Duration.ofMillis(200));
             LogCapture log = new LogCapture("dev.warren.mtls")) {
            // live connections: 50 idle ones, and 4 large transfers running through the reload
            List<SocketChannel> idle = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                SocketChannel ch = Clients.connect(pair.entry);
                TransferTest.roundTrip(ch, ("before " + i).getBytes());
                idle.add(ch);
            }
            List<CompletableFuture<String>> transfers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                transfers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return Clients.echoSha256(pair.entry, file);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            String oldServerSerial = pair.pki.list().stream().filter(e -> e.name().equals("node-rev")).findFirst().orElseThrow().serial();
            pair.pki.renew("node-rev", null);
            pair.pki.renew("node-fwd", null);
            String newServerSerial = pair.pki.list().stream().filter(e -> e.name().equals("node-rev")).findFirst().orElseThrow().serial();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(pair.reverse.scrape()).contains("warren_mtls_reloads_total{result=\"loaded\",tunnel=\"rev\"} 1.0");
                assertThat(pair.forward.scrape()).contains("warren_mtls_reloads_total{result=\"loaded\",tunnel=\"fwd\"} 1.0");
            });
            for (CompletableFuture<String> t : transfers) {
                assertThat(t.get(120, TimeUnit.SECONDS)).isEqualTo(Checksums.sha256(file));
            }
            for (int i = 0; i < idle.size(); i++) {
                SocketChannel ch = idle.get(i);
                TransferTest.roundTrip(ch, ("after " + i).getBytes());
                ch.shutdownOutput();
                assertThat(Channels.newInputStream(ch).readAllBytes()).isEmpty();
                ch.close();
            }
            // a new connection meets the renewed certificate
            Clients.exchange(pair.entry, "new".getBytes());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.lines())
                    .anySatisfy(l -> assertThat(l).contains("tunnel fwd: server").contains("serial " + newServerSerial)));
            assertThat(newServerSerial).isNotEqualTo(oldServerSerial);
            assertThat(pair.reverse.scrape()).contains("warren_mtls_handshake_failures_total{reason=\"other\",tunnel=\"rev\"} 0.0");
        }
    }

    @Test
    void aBrokenFileKeepsTheCurrentCertificateAndSaysWhy() throws Exception {
        try (EchoServer echo = EchoServer.start();
             Pair pair = Pair.start(dir, Endpoint.parse("127.0.0.1:0"), Endpoint.parse("127.0.0.1:" + echo.port()),
                     Duration.ofMillis(200));
             LogCapture log = new LogCapture("dev.warren.mtls")) {
            Files.writeString(pair.pki.certificateFile("node-rev"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.lines()).anySatisfy(l -> assertThat(l)
                    .startsWith("WARN tunnel rev: reload (file change) refused, keeping the current certificate")));
            assertThat(pair.reverse.scrape()).contains("warren_mtls_reloads_total{result=\"refused\",tunnel=\"rev\"} 1.0");
            assertThat(new String(Clients.exchange(pair.entry, "still".getBytes()))).isEqualTo("still");
        }
    }

    @Test
    void anExplicitReloadLikeSighupLoadsChangedFiles() throws Exception {
        try (EchoServer echo = EchoServer.start();
             Pair pair = Pair.start(dir, Endpoint.parse("127.0.0.1:0"), Endpoint.parse("127.0.0.1:" + echo.port()),
                     Duration.ofHours(1))) {
            pair.pki.renew("node-rev", Duration.ofDays(2));
            pair.reverse.reload();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pair.reverse.scrape())
                    .contains("warren_mtls_reloads_total{result=\"loaded\",tunnel=\"rev\"} 1.0"));
            assertThat(new String(Clients.exchange(pair.entry, "x".getBytes()))).isEqualTo("x");
        }
    }

}
