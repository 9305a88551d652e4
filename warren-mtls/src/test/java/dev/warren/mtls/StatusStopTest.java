package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.HostPort;
import dev.warren.pki.PkiDirectory;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped proxy ends its status listener's keep-alive connections too, by the time its stop returns: the event
 * loops' shutdown alone left some open (dev.warren.common.net.Stops).
 */
class StatusStopTest {
    @TempDir
    Path dir;

    @Test
    void aScrapersKeepAliveConnectionOpenAtTheStopIsClosed() throws Exception {
        PkiDirectory pki = Pair.pki(dir);
        int rounds = 20;
        int open = 0;
        try (EchoServer echo = EchoServer.start()) {
            for (int round = 0; round < rounds; round++) {
                MtlsProxy proxy = MtlsProxy.start(new MtlsConfig(List.of(Pair.reverse(pki, Endpoint.parse("127.0.0.1:0"),
                        Endpoint.parse("127.0.0.1:" + echo.port()), false, "node-fwd")), HostPort.parse("127.0.0.1:0"),
                        Duration.ofSeconds(60), 1));
                try (Socket s = new Socket(proxy.statusAddress().host(), proxy.statusAddress().port())) {
                    s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("ok\n");
                    proxy.close();
                    s.setSoTimeout(1000);
                    if (!Sockets.closedByPeer(s)) {
                        open++;
                    }
                } finally {
                    proxy.close();
                }
            }
        }
        assertThat(open).as("of %d scrapers' connections, still open after the stop", rounds).isZero();
    }

    /** The response to /healthz: headers and its 3-byte body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (!text.toString().endsWith("\r\n\r\n")) {
            text.append((char) in.read());
        }
        return text.append(new String(in.readNBytes(3), StandardCharsets.US_ASCII)).toString();
    }
}
