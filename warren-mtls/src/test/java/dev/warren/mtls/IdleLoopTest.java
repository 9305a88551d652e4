package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A tunnel with nothing to do must not keep an event loop awake. The case that did: a Unix-socket client that closed
 * (not half-closed) while the target still holds its side open; the kernel then reports a hang-up on the forward side's
 * socket until the tunnel ends, and a level-triggered registration turned that into a busy loop.
 */
class IdleLoopTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void aTunnelWaitingForItsTargetAfterTheClientClosedUsesNoCpu(String kind) throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CountDownLatch sawEnd = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread server = Thread.ofVirtual().start(() -> {
                try (Socket s = target.accept()) {
                    s.getInputStream().readAllBytes(); // until the client's end has come through the tunnel
                    sawEnd.countDown();
                    release.await(10, TimeUnit.SECONDS); // the target's own direction stays open meanwhile
                } catch (IOException | InterruptedException ignored) {
                    // the assertions below see the consequence
                }
            });
            Endpoint listen = kind.equals("tcp") ? Endpoint.parse("127.0.0.1:0") : Endpoint.parse("unix:" + dir.resolve("in.sock"));
            try (Pair pair = Pair.start(dir, listen, Endpoint.parse("127.0.0.1:" + target.getLocalPort()), Duration.ofSeconds(60))) {
                try (SocketChannel client = Clients.connect(pair.entry)) {
                    client.write(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)));
                }
                assertThat(sawEnd.await(10, TimeUnit.SECONDS)).as("the target saw the client's end").isTrue();
                long before = eventLoopCpuNanos();
                Thread.sleep(1500);
                long used = eventLoopCpuNanos() - before;
                release.countDown();
                // idle loops use next to nothing; a spinning one gets its share of a core even on a busy machine
                // (measured: ~110 ms a second with ten other busy processes on two cores; all of it on a quiet one)
                assertThat(Duration.ofNanos(used)).as("event loop CPU while the tunnel waits").isLessThan(Duration.ofMillis(25));
            } finally {
                release.countDown();
                server.join(10_000);
            }
        }
    }

    /** CPU time of every event loop thread of the double proxies in this JVM (named mtls-N-M). */
    private static long eventLoopCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("mtls-"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.threadId()))).sum();
    }
}
