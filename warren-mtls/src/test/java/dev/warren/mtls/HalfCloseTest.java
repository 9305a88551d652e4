package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.net.EchoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HalfCloseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "unix"})
    void aClientThatHalfClosesRightAwayStillGetsEverythingBack(String kind) throws Exception {
        try (EchoServer echo = EchoServer.start();
             Pair pair = Pair.start(dir, listen(kind), Endpoint.parse("127.0.0.1:" + echo.port()), Duration.ofSeconds(60))) {
            for (int i = 0; i < 20; i++) {
                byte[] back = Clients.exchange(pair.entry, ("hello " + i).getBytes(StandardCharsets.UTF_8));
                assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo("hello " + i);
            }
            // one full handshake, then resumed sessions (tickets), as HAProxy and stunnel do
            assertThat(resumed(pair.reverse.scrape())).isGreaterThanOrEqualTo(15);
        }
    }

    private static double resumed(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("warren_mtls_handshakes_total{resumed=\"true\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private Endpoint listen(String kind) {
        return kind.equals("tcp") ? Endpoint.parse("127.0.0.1:0") : Endpoint.parse("unix:" + dir.resolve("in.sock"));
    }
}
