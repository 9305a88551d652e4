package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.testing.net.Checksums;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.RandomFiles;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void aLargeTransferComesBackIntact(String kind) throws Exception {
        Path file = RandomFiles.create(dir.resolve("big.bin"), 64L << 20, 42);
        Endpoint listen = kind.equals("tcp") ? Endpoint.parse("127.0.0.1:0") : Endpoint.parse("unix:" + dir.resolve("in.sock"));
        try (EchoServer echo = EchoServer.start();
             Pair pair = Pair.start(dir, listen, Endpoint.parse("127.0.0.1:" + echo.port()), Duration.ofSeconds(60))) {
            assertThat(Clients.echoSha256(pair.entry, file)).isEqualTo(Checksums.sha256(file));
            assertThat(pair.reverse.scrape())
                    .contains("warren_mtls_bytes_total{direction=\"to_target\",tunnel=\"rev\"} 6.7108864E7")
                    .contains("warren_mtls_bytes_total{direction=\"from_target\",tunnel=\"rev\"} 6.7108864E7");
        }
    }

    @Test
    void fiveHundredConnectionsAtOnce() throws Exception {
        int n = 500;
        try (EchoServer echo = EchoServer.start();
             Pair pair = Pair.start(dir, Endpoint.parse("unix:" + dir.resolve("in.sock")),
                     Endpoint.parse("127.0.0.1:" + echo.port()), Duration.ofSeconds(60));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<SocketChannel> open = new ArrayList<>();
            try {
                List<Future<SocketChannel>> opening = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int id = i;
                    opening.add(pool.submit(() -> {
                        SocketChannel ch = Clients.connect(pair.entry);
                        roundTrip(ch, ("hello " + id).getBytes());
                        return ch;
                    }));
                }
                for (Future<SocketChannel> f : opening) {
                    open.add(f.get(60, TimeUnit.SECONDS));
                }
                // all 500 are spliced end to end at the same time
                await().atMost(Duration.ofSeconds(10)).until(() -> pair.forward.openConnections("fwd") == n
                        && pair.reverse.openConnections("rev") == n && echo.connectionsOpen() == n);
                List<Future<?>> closing = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    SocketChannel ch = open.get(i);
                    byte[] payload = ("bye " + i).repeat(1000).getBytes();
                    closing.add(pool.submit(() -> {
                        ch.write(ByteBuffer.wrap(payload));
                        ch.shutdownOutput();
                        byte[] back = Channels.newInputStream(ch).readAllBytes();
                        assertThat(back).isEqualTo(payload);
                        return null;
                    }));
                }
                for (Future<?> f : closing) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                for (SocketChannel ch : open) {
                    ch.close();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pair.forward.openConnections("fwd") == 0
                    && pair.reverse.openConnections("rev") == 0);
        }
    }

    static void roundTrip(SocketChannel ch, byte[] message) throws Exception {
        ch.write(ByteBuffer.wrap(message));
        byte[] back = new byte[message.length];
        InputStream in = Channels.newInputStream(ch);
        int read = 0;
        while (read < back.length) {
            int r = in.read(back, read, back.length - read);
            if (r < 0) {
                throw new java.io.EOFException("closed after " + read + " of " + back.length + " bytes");
            }
            read += r;
        }
        assertThat(Arrays.equals(back, message)).isTrue();
    }
}
