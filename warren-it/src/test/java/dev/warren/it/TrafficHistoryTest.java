package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.relay.OperationsConfig;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import io.netty.handler.codec.http.HttpMethod;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Traffic history end to end in one JVM: the bytes of a stream show up per minute while it is still open, sessions are
 * counted, and the history is still there after the relay restarts.
 */
@Timeout(90)
class TrafficHistoryTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension(c -> c.withOperations(
            OperationsConfig.DEFAULTS.withTrafficFlush(Duration.ofMillis(200))));

    private long total(String field) {
        JsonNode body = relay.get().api(HttpMethod.GET, "/api/v1/traffic?device=dev-t&from=10m&step=60&group=service",
                relay.get().adminToken(), null, 200);
        long sum = 0;
        for (JsonNode series : body.path("series")) {
            assertThat(series.path("service").asText()).isEqualTo("echo");
            sum += series.path("totals").path(field).asLong();
        }
        return sum;
    }

    @Test
    void bytesOfAnOpenStreamAreCountedAndSurviveARestart() throws Exception {
        try (EchoServer echo = EchoServer.start(200);
                Agent agent = TestAgents.start(relay.get(), "dev-t", relay.newDir("agent"),
                        Map.of("echo", new HostPort("127.0.0.1", echo.port())))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            try (OperatorClient operator = new OperatorClient(relay.get().admin());
                    LocalForwarder forwarder = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), "dev-t",
                            "echo", r -> { });
                    Socket socket = Wire.connect(forwarder.port())) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                byte[] data = Wire.random(200_000, 3);
                out.write(data);
                out.flush();
                in.readNBytes(data.length);

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(total("bytesToDevice")).as("counted while the stream is open").isEqualTo(200_000);
                    assertThat(total("bytesFromDevice")).isEqualTo(200_000);
                    assertThat(total("sessions")).isEqualTo(1);
                });
                out.write(data, 0, 1000);
                out.flush();
                in.readNBytes(1000);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(total("bytesToDevice")).as("and the rest at its end").isEqualTo(201_000));
        }
        relay.get().restart();
        assertThat(total("bytesToDevice")).as("after a restart").isEqualTo(201_000);
        assertThat(total("bytesFromDevice")).isEqualTo(201_000);
        assertThat(total("sessions")).isEqualTo(1);
    }
}
