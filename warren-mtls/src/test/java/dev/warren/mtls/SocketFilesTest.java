package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.testing.net.EchoServer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Unix socket a forward tunnel listens on: mode as asked, stale files replaced, live sockets never taken over. */
class SocketFilesTest {
    @TempDir
    Path dir;

    @Test
    void theSocketGetsItsModeAStaleOneIsReplacedAndStatusAnswers() throws Exception {
        var pki = Pair.pki(dir);
        Path sock = dir.resolve("agent.sock");
        // a stale socket: bound, then its process gone (nobody accepts)
        ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        stale.bind(UnixDomainSocketAddress.of(sock));
        stale.close();
        assertThat(sock).exists();
        try (EchoServer echo = EchoServer.start();
             MtlsProxy reverse = MtlsProxy.start(new MtlsConfig(List.of(Pair.reverse(pki, Endpoint.parse("127.0.0.1:0"),
                     Endpoint.parse("127.0.0.1:" + echo.port()), false, "node-fwd")),
                     dev.warren.common.net.HostPort.parse("127.0.0.1:0"), null, 1));
             MtlsProxy forward = MtlsProxy.start(new MtlsConfig(List.of(new TunnelConfig("fwd", TunnelConfig.Mode.FORWARD,
                     Endpoint.parse("unix:" + sock), reverse.listenAddress("rev"), pki.certificateFile("node-fwd"),
                     pki.keyFile("node-fwd"), pki.dir().resolve("ca.crt"), List.of(), false, "rev.test", false,
                     new SocketFileOptions("0660", null, "0"))), null, null, 1))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-rw----");
            assertThat(new String(Clients.exchange(new Endpoint.Unix(sock), "hi".getBytes()))).isEqualTo("hi");

            // a second process on the same live path is refused, and the message says why
            assertThatThrownBy(() -> MtlsProxy.start(new MtlsConfig(List.of(Pair.forward(pki, "node-fwd",
                    Endpoint.parse("unix:" + sock), reverse.listenAddress("rev"))), null, null, 1)))
                    .hasMessageContaining("a live socket owned by root").hasMessageContaining("refusing to take it over");
            assertThat(new String(Clients.exchange(new Endpoint.Unix(sock), "still".getBytes()))).isEqualTo("still");

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://" + reverse.statusAddress();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/healthz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            // two exchanges, and the probe by which the second process found the socket live
            assertThat(metrics.body()).contains("warren_mtls_connections_accepted_total{tunnel=\"rev\"} 3.0",
                    "warren_mtls_handshake_failures_total{reason=\"other_ca\",tunnel=\"rev\"} 0.0",
                    "warren_mtls_certificate_expiry_seconds{tunnel=\"rev\"}");
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void aRegularFileInTheWayIsNeverReplaced() throws Exception {
        var pki = Pair.pki(dir);
        Path file = Files.writeString(dir.resolve("precious.sock"), "data");
        assertThatThrownBy(() -> MtlsProxy.start(new MtlsConfig(List.of(Pair.forward(pki, "node-fwd",
                Endpoint.parse("unix:" + file), Endpoint.parse("127.0.0.1:9"))), null, null, 1)))
                .hasMessageContaining("exists and is not a socket");
        assertThat(Files.readString(file)).isEqualTo("data");
    }

    @Test
    void anUnknownOwnerOrGroupIsNamed() throws Exception {
        var pki = Pair.pki(dir);
        Path sock = dir.resolve("owned.sock");
        for (SocketFileOptions options : List.of(new SocketFileOptions(null, "no-such-user-w2", null),
                new SocketFileOptions(null, null, "no-such-group-w2"))) {
            String kind = options.owner() != null ? "user 'no-such-user-w2'" : "group 'no-such-group-w2'";
            // it said: no such user or group '' (the JDK's exception names nobody)
            assertThatThrownBy(() -> MtlsProxy.start(new MtlsConfig(List.of(new TunnelConfig("fwd",
                    TunnelConfig.Mode.FORWARD, Endpoint.parse("unix:" + sock), Endpoint.parse("127.0.0.1:9"),
                    pki.certificateFile("node-fwd"), pki.keyFile("node-fwd"), pki.dir().resolve("ca.crt"), List.of(),
                    false, "rev.test", false, options)), null, null, 1)))
                    .hasMessageContaining("unix:" + sock + ": no such " + kind);
        }
    }
}
