package dev.warren.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.net.Checksums;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.RandomFiles;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 1,000 tunnels open at once through one gateway (bcrypt htpasswd), each carrying its own bytes back intact. */
class GatewayLoadTest {
    private static final int TUNNELS = 1000;
    private static final int BYTES = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void thousandConcurrentTunnelsKeepEveryByte() throws Exception {
        Path htpasswd = dir.resolve("htpasswd");
        Tools.htpasswd(htpasswd, "-B", "device", "one password for the whole fleet");
        try (EchoServer echo = EchoServer.start(4096)) {
            GatewayConfig config = GatewayConfig.withHtpasswd(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    List.of("127.0.0.1:" + echo.port()), List.of("127.0.0.0/8"), List.of(), htpasswd, false)
                    .withLimits(GatewayConfig.Limits.DEFAULTS.withMaxPerSource(2 * TUNNELS));
            Gateway gateway = Gateway.start(config, 2);
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                files.add(RandomFiles.create(dir.resolve("data-" + i), BYTES, i));
            }
            CountDownLatch allOpen = new CountDownLatch(TUNNELS);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < TUNNELS; i++) {
                    Path file = files.get(i % files.size());
                    results.add(threads.submit(() -> tunnel(gateway.port(), echo.port(), file, allOpen)));
                }
                for (Future<String> r : results) {
                    assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo("ok");
                }
            } finally {
                gateway.close();
            }
        }
    }

    /** Opens a tunnel, waits until all are open (so they really are concurrent), sends a file and checks the echo. */
    private static String tunnel(int gatewayPort, int echoPort, Path file, CountDownLatch allOpen) throws Exception {
        byte[] data = Files.readAllBytes(file);
        try (RawClient c = new RawClient(gatewayPort)) {
            c.socket.setSoTimeout(60_000);
            c.send(RawClient.connect("127.0.0.1:" + echoPort, "device", "one password for the whole fleet"));
            String head = c.readHead();
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new AssertionError("CONNECT answered: " + head);
            }
            allOpen.countDown();
            if (!allOpen.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("not all tunnels opened within 60 s");
            }
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.send(data);
                    c.socket.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InputStream in = c.socket.getInputStream();
            byte[] back = in.readAllBytes();
            writer.join(60_000);
            return Checksums.sha256(back).equals(Checksums.sha256(data)) ? "ok"
                    : "got " + back.length + " bytes of " + data.length + ", sha256 differs";
        }
    }
}
