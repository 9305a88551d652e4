package dev.warren.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.net.EchoServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slowloris, garbage and floods: each bad connection is answered or closed, and the gateway keeps serving. */
class GatewayRobustnessTest {
    private static final String PASSWORD = "a generated password of enough length";

    private EchoServer echo;
    private Gateway gateway;

    @BeforeEach
    void setUp() {
        echo = EchoServer.start();
        GatewayConfig config = GatewayConfig.withPassword(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of("127.0.0.1:" + echo.port()), List.of(), List.of(), "warren-gateway", PASSWORD)
                .withLimits(GatewayConfig.Limits.DEFAULTS.withHeaderTimeout(Duration.ofSeconds(1)).withMaxPerSource(20)
                        .withIdleTimeout(Duration.ofSeconds(2)));
        gateway = Gateway.start(config, 1);
    }

    @AfterEach
    void tearDown() {
        gateway.close();
        echo.close();
    }

    /** A good request still works: CONNECT, 200, and bytes echoed through the tunnel. */
    private void assertStillServes() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send(RawClient.connect("127.0.0.1:" + echo.port(), "warren-gateway", PASSWORD));
            assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            c.send("ping\n");
            byte[] back = c.socket.getInputStream().readNBytes(5);
            assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("ping\n");
        }
    }

    @Test
    void slowlorisIsCutAtTheHeaderTimeout() throws Exception {
        List<RawClient> slow = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            RawClient c = new RawClient(gateway.port());
            c.send("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nX-a: ");
            slow.add(c);
        }
        long start = System.nanoTime();
        for (RawClient c : slow) {
            // one more byte now and then does not extend the deadline: it counts from the connection's start
            c.send("b");
            assertThat(c.readHead()).startsWith("HTTP/1.1 408");
            c.close();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertStillServes();
    }

    @Test
    void silentConnectionsAreClosedToo() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            assertThat(c.readHead()).startsWith("HTTP/1.1 408");
            assertThat(c.closedByPeer()).isTrue();
        }
        assertStillServes();
    }

    @Test
    void garbageIsAnsweredOrClosed() throws Exception {
        List<byte[]> garbage = List.of(
                new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n', '\r', '\n'},
                "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003".getBytes(StandardCharsets.ISO_8859_1),
                "CONNECT\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "CONNECT not-a-target HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "CONNECT 127.0.0.1:99999 HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                "CONNECT 127.0.0.1:1 HTTP/1.1\r\nProxy-Authorization: Basic !!!\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                ("CONNECT 127.0.0.1:1 HTTP/1.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                ("GET " + "/a".repeat(5_000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] g : garbage) {
            try (RawClient c = new RawClient(gateway.port())) {
                c.send(g);
                String head = c.readHead();
                assertThat(head).as(new String(g, 0, Math.min(g.length, 40), StandardCharsets.ISO_8859_1))
                        .matches("(?s)(|HTTP/1\\.1 (400|407|408|431) .*)");
                assertThat(c.closedByPeer()).isTrue();
            }
        }
        assertStillServes();
    }

    @Test
    void otherMethodsAreAnswered405() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send("GET http://127.0.0.1:" + echo.port() + "/ HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = c.readHead();
            assertThat(head).startsWith("HTTP/1.1 405").containsIgnoringCase("allow: CONNECT");
        }
        assertStillServes();
    }

    @Test
    void connectionsPerSourceAreBounded() throws Exception {
        List<RawClient> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            held.add(new RawClient(gateway.port()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() == 20);
        try (RawClient over = new RawClient(gateway.port())) {
            assertThat(over.readHead()).startsWith("HTTP/1.1 503");
        }
        held.getFirst().close();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() < 20);
        assertStillServes();
        for (RawClient c : held) {
            c.close();
        }
    }

    @Test
    void halfCloseIsCarriedThrough() throws Exception {
        try (RawClient c = new RawClient(gateway.port())) {
            c.send(RawClient.connect("127.0.0.1:" + echo.port(), "warren-gateway", PASSWORD));
            assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            c.send("last words\n");
            c.socket.shutdownOutput();
            // the echo server sees our end of stream, echoes what it has, then ends its side too
            byte[] all = c.socket.getInputStream().readAllBytes();
            assertThat(new String(all, StandardCharsets.US_ASCII)).isEqualTo("last words\n");
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gateway.openConnections() == 0);
    }

    @Test
    void aDestinationThatEndsFirstStillReceivesWhatTheClientSendsAfterwards() throws Exception {
        try (java.net.ServerSocket dst = new java.net.ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Gateway gw = Gateway.start(GatewayConfig.withPassword(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     List.of("127.0.0.1:" + dst.getLocalPort()), List.of(), List.of(), "warren-gateway", PASSWORD), 1)) {
            java.util.concurrent.CompletableFuture<String> received = new java.util.concurrent.CompletableFuture<>();
            Thread server = Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = dst.accept()) {
                    s.getOutputStream().write("hello, and goodbye\n".getBytes(StandardCharsets.US_ASCII));
                    s.shutdownOutput(); // the destination's direction ends first ...
                    received.complete(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    received.completeExceptionally(e);
                }
            });
            try (RawClient c = new RawClient(gw.port())) {
                c.send(RawClient.connect("127.0.0.1:" + dst.getLocalPort(), "warren-gateway", PASSWORD));
                assertThat(c.readHead()).startsWith("HTTP/1.1 200");
                assertThat(new String(c.socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo("hello, and goodbye\n");
                c.send("... while the client's goes on\n"); // ... and the other direction still carries bytes
                c.socket.shutdownOutput();
                assertThat(received.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("... while the client's goes on\n");
            }
            server.join(10_000);
            // both directions ended: the tunnel is closed, not left half-open
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gw.openConnections() == 0);
        }
    }

    /**
     * An upload of many pipes' worth whose end comes while the destination is not reading yet: the end must not overtake
     * the bytes before it (the spliced tunnel reads on after the FIN until the source is drained).
     */
    @Test
    void aLargeUploadThatEndsBeforeTheDestinationReadsArrivesWhole() throws Exception {
        byte[] data = new byte[8 * 1024 * 1024];
        new java.util.Random(7).nextBytes(data);
        try (java.net.ServerSocket dst = new java.net.ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             Gateway gw = Gateway.start(GatewayConfig.withPassword(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     List.of("127.0.0.1:" + dst.getLocalPort()), List.of(), List.of(), "warren-gateway", PASSWORD), 1)) {
            Thread server = Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = dst.accept()) {
                    Thread.sleep(500); // the client's bytes and its end pile up in the gateway meanwhile
                    byte[] got = s.getInputStream().readAllBytes();
                    s.getOutputStream().write((got.length + " " + java.util.Arrays.hashCode(got) + "\n")
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (RawClient c = new RawClient(gw.port())) {
                c.socket.setSoTimeout(30_000);
                c.send(RawClient.connect("127.0.0.1:" + dst.getLocalPort(), "warren-gateway", PASSWORD));
                assertThat(c.readHead()).startsWith("HTTP/1.1 200");
                c.send(data);
                c.socket.shutdownOutput();
                assertThat(new String(c.socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .isEqualTo(data.length + " " + java.util.Arrays.hashCode(data) + "\n");
            }
            server.join(10_000);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> gw.openConnections() == 0);
        }
    }

    @Test
    void aTunnelSilentBothWaysIsClosedAfterTheIdleTimeoutAndABusyOneIsNot() throws Exception {
        try (RawClient idle = new RawClient(gateway.port()); RawClient busy = new RawClient(gateway.port())) {
            for (RawClient c : List.of(idle, busy)) {
                c.send(RawClient.connect("127.0.0.1:" + echo.port(), "warren-gateway", PASSWORD));
                assertThat(c.readHead()).startsWith("HTTP/1.1 200");
            }
            long start = System.nanoTime();
            for (int i = 0; i < 8; i++) { // 4 s of traffic every half second on one, nothing on the other
                busy.send("x");
                assertThat(busy.socket.getInputStream().read()).isEqualTo('x');
                Thread.sleep(500);
            }
            assertThat(idle.socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            busy.send("y");
            assertThat(busy.socket.getInputStream().read()).isEqualTo('y');
        }
    }
}
