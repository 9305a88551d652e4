package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.agent.Agent;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reader that does not read slows the writer at the far end; nothing piles up, and other streams keep flowing. */
class BackpressureTest {
    private static final long TOTAL = 200L << 20;

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Test
    void aStalledReaderStallsOnlyItsWriterAndOnlyItsStream() throws Exception {
        try (Firehose firehose = new Firehose(TOTAL); EchoServer echo = EchoServer.start(200);
                Agent agent = TestAgents.start(relay.get(), "firehose", relay.newDir("agent"), Map.of(
                        "firehose", new HostPort("127.0.0.1", firehose.port()),
                        "echo", new HostPort("127.0.0.1", echo.port())));
                OperatorClient operator = new OperatorClient(relay.get().admin());
                LocalForwarder fast = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), "firehose", "firehose", r -> {});
                LocalForwarder interactive = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), "firehose", "echo", r -> {})) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            try (Socket stalled = Wire.connect(fast.port())) {
                stalled.setReceiveBufferSize(64 * 1024);
                await().atMost(Duration.ofSeconds(10)).until(() -> firehose.written.get() > 0);
                Thread.sleep(3_000); // the operator reads nothing
                long writtenWhileStalled = firehose.written.get();
                // socket buffers and one window per hop, not the whole 200 MB
                assertThat(writtenWhileStalled).isLessThan(100L << 20);

                // the same operator session still carries other streams at once
                byte[] ping = Wire.random(100_000, 3);
                long t0 = System.nanoTime();
                assertThat(Wire.roundTrip(interactive.port(), ping)).isEqualTo(ping);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

                // reading resumes the flow and every byte arrives
                InputStream in = stalled.getInputStream();
                byte[] buffer = new byte[256 * 1024];
                long received = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received += n;
                }
                assertThat(received).isEqualTo(TOTAL);
            }
        }
    }

    /** Writes {@code total} bytes to each connection as fast as the connection takes them, and counts. */
    static final class Firehose implements AutoCloseable {
        final AtomicLong written = new AtomicLong();
        private final ServerSocket server;

        Firehose(long total) throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    for (long left = total; left > 0; left -= chunk.length) {
                        int n = (int) Math.min(chunk.length, left);
                        out.write(chunk, 0, n);
                        written.addAndGet(n);
                    }
                    s.shutdownOutput();
                    s.getInputStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the test ends the stream
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
