package dev.warren.testing.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EchoServerTest {

    @Test
    void echoes() throws Exception {
        try (EchoServer echo = EchoServer.start(); Socket socket = new Socket("127.0.0.1", echo.port())) {
            socket.getOutputStream().write("ping\n".getBytes());

            byte[] answer = socket.getInputStream().readNBytes(5);

            assertThat(new String(answer)).isEqualTo("ping\n");
            assertThat(echo.connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void finishesEchoingAfterTheClientsEndOfStreamThenClosesItsSide() throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024];
        new SplittableRandom(1).nextBytes(payload);
        try (EchoServer echo = EchoServer.start(); Socket socket = new Socket("127.0.0.1", echo.port())) {
            socket.setSoTimeout(10_000);
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(socket));

            socket.getOutputStream().write(payload);
            socket.shutdownOutput();

            assertThat(Checksums.sha256(received.get())).isEqualTo(Checksums.sha256(payload));
            assertThat(socket.isClosed()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> echo.connectionsOpen() == 0);
            assertThat(echo.bytesEchoed()).isEqualTo(payload.length);
        }
    }

    @Test
    void closeEndsOpenConnections() throws Exception {
        EchoServer echo = EchoServer.start();
        try (Socket socket = new Socket("127.0.0.1", echo.port())) {
            socket.setSoTimeout(5_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> echo.connectionsOpen() == 1);

            echo.close();

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    private static byte[] readAll(Socket socket) {
        try {
            // returns at the server's end-of-stream; closing the stream would close the socket
            return socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
