package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.Sockets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stopped tunnel ends the connections still open through it, by the time its stop returns. */
class StopTest {
    @TempDir
    Path dir;

    @Test
    void aConnectionOpenAtTheStopIsClosed() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            for (int round = 0; round < 10; round++) {
                Path roundDir = dir.resolve("r" + round);
                Pair pair = Pair.start(roundDir, Endpoint.parse("127.0.0.1:0"),
                        Endpoint.parse("127.0.0.1:" + echo.port()), Duration.ofSeconds(60));
                try (Socket s = new Socket()) {
                    Endpoint.Tcp entry = (Endpoint.Tcp) pair.entry;
                    s.connect(new InetSocketAddress(entry.address().host(), entry.address().port()), 5000);
                    s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(s.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("ping\n");
                    pair.forward.close();
                    s.setSoTimeout(3000);
                    assertThat(Sockets.closedByPeer(s)).as("round %d: the client's connection ends with the stop", round)
                            .isTrue();
                } finally {
                    pair.close();
                }
            }
        }
    }
}
