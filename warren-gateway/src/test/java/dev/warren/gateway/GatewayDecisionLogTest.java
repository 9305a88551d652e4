package dev.warren.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.LogCapture;
import dev.warren.testing.net.EchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each connection's decision is one line on {@code dev.warren.gateway.access}, also when the gateway stops first. */
class GatewayDecisionLogTest {
    private static final String PASSWORD = "a generated password of enough length";

    private EchoServer echo;
    private Gateway gateway;
    private LogCapture log;

    @BeforeEach
    void setUp() {
        echo = EchoServer.start();
        log = new LogCapture("dev.warren.gateway.access");
        gateway = Gateway.start(GatewayConfig.withPassword(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of("127.0.0.1:" + echo.port()), List.of(), List.of(), "warren-gateway", PASSWORD), 1);
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        log.close();
        echo.close();
    }

    private List<String> lines(String verdict) {
        return log.lines().stream().filter(l -> l.contains("verdict=" + verdict)).toList();
    }

    @Test
    void aTunnelClosedByItsClientIsLoggedOnceWithItsBytes() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send(RawClient.connect("127.0.0.1:" + echo.port(), "warren-gateway", PASSWORD));
            assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            c.send("ping\n");
            assertThat(new String(c.socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lines("allowed").size() == 1);
        assertThat(lines("allowed").getFirst()).contains("user=warren-gateway", "dst=127.0.0.1:" + echo.port(),
                "up=5 down=5").doesNotContain(PASSWORD);
    }

    @Test
    void aTunnelStillOpenWhenTheGatewayStopsIsLogged() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send(RawClient.connect("127.0.0.1:" + echo.port(), "warren-gateway", PASSWORD));
            assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            c.send("ping\n");
            assertThat(new String(c.socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            gateway.close();
            // the line is written by the time close() returns: a stopping process flushes its logs right after
            assertThat(lines("allowed")).hasSize(1);
            assertThat(lines("allowed").getFirst()).contains("dst=127.0.0.1:" + echo.port(), "up=5 down=5");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void aConnectionStillUndecidedWhenTheGatewayStopsIsLogged() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n"); // and no more yet
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() == 1);
            gateway.close();
            assertThat(lines("refused")).hasSize(1);
            assertThat(lines("refused").getFirst()).contains("reason=\"gateway stopped\"");
        }
    }
}
