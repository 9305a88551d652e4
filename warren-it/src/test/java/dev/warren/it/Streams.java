package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.client.Refusal;
import dev.warren.common.net.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Streams through an operator client, for tests: refused ones (and why), and live ones that are cut. */
final class Streams {
    private Streams() {}

    /** Opens {@code device}/{@code service} and returns how the relay refused it; fails if it was not refused. */
    static Refusal refusal(OperatorClient operator, String device, String service) throws Exception {
        List<Refusal> seen = new CopyOnWriteArrayList<>();
        try (LocalForwarder f = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), device, service, seen::add)) {
            try (Socket s = Wire.connect(f.port())) {
                s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                Wire.readAll(s.getInputStream());
            } catch (IOException reset) {
                // a refused connection may be reset
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
            return seen.get(0);
        }
    }

    /** A live stream: a local socket joined to a device's echo service, checked with one round trip. */
    static final class Live implements AutoCloseable {
        final LocalForwarder forwarder;
        final Socket socket;
        final List<Refusal> refusals = new CopyOnWriteArrayList<>();

        Live(OperatorClient operator, String device, String service) throws Exception {
            forwarder = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), device, service, refusals::add);
            socket = Wire.connect(forwarder.port());
            socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            byte[] answer = socket.getInputStream().readNBytes(4);
            assertThat(new String(answer, StandardCharsets.UTF_8)).as("echo through " + device + "/" + service + ", "
                    + refusals).isEqualTo("ping");
        }

        /** Waits until the stream is closed from the far side and returns when that was noticed. */
        Instant awaitEnd(Duration atMost) throws IOException {
            socket.setSoTimeout((int) atMost.toMillis());
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // echoes of nothing: just wait for the end
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the stream was still open after " + atMost, e);
            } catch (IOException reset) {
                // reset counts as ended
            }
            return Instant.now();
        }

        /** Whether the stream still carries bytes. */
        boolean alive() {
            try {
                socket.setSoTimeout(2000);
                socket.getOutputStream().write('x');
                socket.getOutputStream().flush();
                return socket.getInputStream().read() == 'x';
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            forwarder.close();
        }
    }
}
