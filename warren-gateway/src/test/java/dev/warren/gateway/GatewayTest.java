package dev.warren.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.warren.common.net.HostPort;
import dev.warren.gateway.internal.Cidr;
import dev.warren.gateway.internal.Credentials;
import dev.warren.gateway.internal.DestinationRule;
import dev.warren.testing.net.Checksums;
import dev.warren.testing.net.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway against real clients: curl, Apache's htpasswd, raw sockets. */
class GatewayTest {
    static HttpServer web;
    static int webPort;
    @TempDir static Path dir;
    static Path htpasswd;

    @BeforeAll
    static void startWeb() throws Exception {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        web.createContext("/", ex -> {
            byte[] b = "hello".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        web.start();
        webPort = web.getAddress().getPort();
        htpasswd = dir.resolve("htpasswd");
        run("htpasswd", "-B", "-b", "-c", htpasswd.toString(), "alice", "s3cret-pass");
    }

    @AfterAll
    static void stopWeb() {
        web.stop(0);
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static GatewayConfig config(List<String> dst, List<String> src, List<String> deny, GatewayConfig.Limits limits) {
        return new GatewayConfig(new HostPort("127.0.0.1", 0), dst.stream().map(DestinationRule::parse).toList(),
                src.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList(), limits);
    }

    static GatewayServer gateway(GatewayConfig config) throws Exception {
        return GatewayServer.start(config, Credentials.fromFile(htpasswd, false));
    }

    /** The CONNECT status curl saw (000 when none) and the body. */
    static String curl(int proxyPort, String auth, String url, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-m", "10", "-p", "--proxy", "http://127.0.0.1:" + proxyPort,
                "-w", " connect=%{http_connect}"));
        if (auth != null) cmd.addAll(List.of("--proxy-user", auth));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        return run(cmd.toArray(String[]::new));
    }

    @Test
    void curlCases() throws Exception {
        try (GatewayServer gw = gateway(config(List.of("localhost:" + webPort, "127.0.0.1:" + webPort), List.of("127.0.0.1/32"), List.of(), null))) {
            String ok = "http://127.0.0.1:" + webPort + "/";
            assertThat(curl(gw.port(), "alice:s3cret-pass", ok)).contains("hello").contains("connect=200");
            assertThat(curl(gw.port(), "alice:s3cret-pass", "http://localhost:" + webPort + "/")).contains("hello");
            assertThat(curl(gw.port(), "alice:wrong", ok)).contains("connect=407");
            assertThat(curl(gw.port(), null, ok)).contains("connect=407");
            assertThat(curl(gw.port(), "alice:s3cret-pass", "http://127.0.0.1:" + (webPort == 65535 ? 1 : webPort + 1) + "/")).contains("connect=403");
            assertThat(curl(gw.port(), "alice:s3cret-pass", "http://other.invalid:" + webPort + "/")).contains("connect=403");
            assertThat(curl(gw.port(), "alice:s3cret-pass", ok, "--interface", "127.0.0.2")).contains("connect=403");
        }
    }

    @Test
    void reloadsTheFileAndKeepsTheOldOneWhenBroken() throws Exception {
        Path file = dir.resolve("reload");
        run("htpasswd", "-B", "-b", "-c", file.toString(), "bob", "first-pass");
        try (GatewayServer gw = GatewayServer.start(config(List.of("127.0.0.1:" + webPort), List.of(), List.of(), null),
                Credentials.fromFile(file, false))) {
            String url = "http://127.0.0.1:" + webPort + "/";
            assertThat(curl(gw.port(), "bob:first-pass", url)).contains("hello");
            run("htpasswd", "-B", "-b", file.toString(), "carol", "second-pass");
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                    .until(() -> curl(gw.port(), "carol:second-pass", url).contains("hello"));
            Files.writeString(file, "broken line without colon\n");
            Thread.sleep(1500);
            assertThat(curl(gw.port(), "carol:second-pass", url)).contains("hello");
        }
    }

    @Test
    void weakHashesAreRefusedUnlessAllowed() throws Exception {
        Path weak = dir.resolve("weak");
        run("htpasswd", "-s", "-b", "-c", weak.toString(), "dave", "sha-pass");
        assertThatThrownBy(() -> Credentials.fromFile(weak, false)).hasMessageContaining("weak hash");
        Credentials c = Credentials.fromFile(weak, true);
        String good = "Basic " + Base64.getEncoder().encodeToString("dave:sha-pass".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("dave:other".getBytes(StandardCharsets.UTF_8));
        assertThat(c.authenticate(good)).isEqualTo("dave");
        assertThat(c.authenticate(bad)).isNull();
        Path md5 = dir.resolve("md5");
        run("htpasswd", "-m", "-b", "-c", md5.toString(), "erin", "md5-pass");
        assertThatThrownBy(() -> Credentials.fromFile(md5, true)).hasMessageContaining("not supported");
    }

    static Socket tunnel(int proxyPort, int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxyPort);
        s.setSoTimeout(30_000);
        String auth = Base64.getEncoder().encodeToString("alice:s3cret-pass".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().write(("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nProxy-Authorization: Basic " + auth + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = readHead(s.getInputStream());
        if (!head.startsWith("HTTP/1.1 200")) throw new IOException("CONNECT refused: " + head);
        return s;
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) break;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void thousandConcurrentTunnelsKeepTheirBytes() throws Exception {
        var limits = new GatewayConfig.Limits(8192, Duration.ofSeconds(30), Duration.ofMinutes(1), 2000, 5000);
        try (EchoServer echo = EchoServer.start();
             GatewayServer gw = gateway(config(List.of("127.0.0.1:" + echo.port()), List.of(), List.of(), limits));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int seed = i;
                results.add(pool.submit(() -> {
                    byte[] data = new byte[32 * 1024];
                    new Random(seed).nextBytes(data);
                    try (Socket s = tunnel(gw.port(), echo.port())) {
                        OutputStream out = s.getOutputStream();
                        Thread writer = Thread.ofVirtual().start(() -> {
                            try {
                                out.write(data);
                                s.shutdownOutput();
                            } catch (IOException ignored) {
                                // the read side reports the failure
                            }
                        });
                        byte[] back = s.getInputStream().readAllBytes();
                        writer.join(30_000);
                        return Checksums.sha256(back).equals(Checksums.sha256(data));
                    }
                }));
            }
            for (Future<Boolean> f : results) assertThat(f.get(120, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void slowAndMalformedClientsAreAnsweredOrClosedAndTheGatewayKeepsServing() throws Exception {
        var limits = new GatewayConfig.Limits(1024, Duration.ofSeconds(1), Duration.ofMinutes(1), 50, 100);
        try (GatewayServer gw = gateway(config(List.of("127.0.0.1:" + webPort), List.of(), List.of(), limits))) {
            try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
                slow.setSoTimeout(5000);
                slow.getOutputStream().write("CONNECT 127.0.0.1:1 HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                String answer = readHead(slow.getInputStream());
                assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
            }
            for (String garbage : List.of("\u0000\u0001\u0002 garbage\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                    "CONNECT 127.0.0.1:" + webPort + " HTTP/1.1\r\nX-Big: " + "a".repeat(4000) + "\r\n\r\n", "CONNECT nocolon HTTP/1.1\r\n\r\n")) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
                    s.setSoTimeout(5000);
                    s.getOutputStream().write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                    String answer = readHead(s.getInputStream());
                    assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).matches("(?s)HTTP/1.1 4\\d\\d.*"));
                }
            }
            assertThat(curl(gw.port(), "alice:s3cret-pass", "http://127.0.0.1:" + webPort + "/")).contains("hello");
        }
    }

    @Test
    void perSourceLimitAndDenyList() throws Exception {
        var limits = new GatewayConfig.Limits(8192, Duration.ofSeconds(10), Duration.ofMinutes(1), 2, 100);
        try (GatewayServer gw = gateway(config(List.of("localhost:" + webPort), List.of(), List.of(), limits));
             Socket a = new Socket(InetAddress.getLoopbackAddress(), gw.port());
             Socket b = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
            Thread.sleep(200);
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
                c.setSoTimeout(5000);
                assertThat(readHead(c.getInputStream())).startsWith("HTTP/1.1 503");
            }
        }
        try (GatewayServer gw = gateway(config(List.of("localhost:" + webPort), List.of(), List.of("127.0.0.0/8", "::1/128"), null))) {
            assertThat(curl(gw.port(), "alice:s3cret-pass", "http://localhost:" + webPort + "/")).contains("connect=403");
        }
    }
}
