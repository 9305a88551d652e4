package dev.warren.relay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.net.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stopped metrics listener ends the scrapers' keep-alive connections too, by the time its stop returns: the event
 * loop's shutdown alone left about half of them open (Stops).
 */
class MetricsServerStopTest {
    @Test
    void aKeepAliveConnectionOpenAtTheStopIsClosed() throws Exception {
        int open = 0;
        int rounds = 20; // without the stop closing them itself, about half stayed open
        for (int round = 0; round < rounds; round++) {
            MetricsServer server = new MetricsServer(new HostPort("127.0.0.1", 0), null, new RelayMetrics(),
                    () -> Map.of("store", true), Runnable::run);
            try (Socket s = new Socket(server.address().host(), server.address().port())) {
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String head = readResponse(s.getInputStream());
                assertThat(head).startsWith("HTTP/1.1 200").endsWith("ok\n");
                server.close();
                s.setSoTimeout(1000);
                if (!closedByPeer(s)) {
                    open++;
                }
            } finally {
                server.close();
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

    private static boolean closedByPeer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
