package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SourceAllowList;
import dev.warren.relay.OperationsConfig;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import dev.warren.testing.net.FreePorts;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A published connection is a live session an admin can cut, and a deleted device's ports stop listening. */
@Timeout(60)
class PublishedPortLifecycleTest {
    static final int FIRST = FreePorts.next();
    static final int SECOND = FreePorts.next();

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension(c -> c.withOperations(OperationsConfig.DEFAULTS
            .withPublish(new OperationsConfig.Publish(Math.min(FIRST, SECOND), Math.max(FIRST, SECOND), "127.0.0.1",
                    SourceAllowList.parse(List.of("127.0.0.1/32"))))));

    @Test
    void aConnectionTheDeviceRefusesIsResetAtOnce() throws Exception {
        int nothingListens = FreePorts.next();
        try (Agent agent = TestAgents.start(relay.get(), "dev-r", relay.newDir("agent-r"),
                Map.of("down", new HostPort("127.0.0.1", nothingListens)))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            relay.get().admin(HttpMethod.POST, "/api/v1/published-ports",
                    Map.of("device", "dev-r", "service", "down", "port", SECOND), 201);
            try (Socket s = Wire.connect(SECOND)) {
                s.setSoTimeout(10_000);
                // the agent cannot reach its service and refuses the stream: the client must learn it, not wait forever
                assertThatThrownBy(() -> s.getInputStream().read()).as("refused by the device: reset")
                        .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
            }
            relay.get().admin(HttpMethod.DELETE, "/api/v1/devices/dev-r", null, 204);
        }
    }

    @Test
    void publishingAServiceTheDeviceDoesNotExposeWarns() throws Exception {
        try (Agent agent = TestAgents.start(relay.get(), "dev-w", relay.newDir("agent-w"),
                Map.of("ssh", new HostPort("127.0.0.1", 1)))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            // it published the typo without a word, and every connection to the port was then refused
            InProcessCli.Run r = InProcessCli.run("admin", "publish", "create", "dev-w", "shh", "--port",
                    String.valueOf(SECOND), "--relay", relay.get().address().toString(), "--token",
                    relay.get().adminToken(), "--ca", relay.get().dataDir().resolve("ca.crt").toString());
            assertThat(r.code()).isEqualTo(0);
            assertThat(r.stdout().strip().lines().toList().getLast()).isEqualTo(String.valueOf(SECOND)); // relay logs share stdout here
            assertThat(r.stderr()).contains("warning: device 'dev-w' does not expose service 'shh' now (it exposes: ssh)");
            relay.get().admin(HttpMethod.DELETE, "/api/v1/devices/dev-w", null, 204);
        }
    }

    @Test
    void anAdminCutsAPublishedSessionAndDeletingTheDeviceClosesItsPorts() throws Exception {
        try (EchoServer echo = EchoServer.start(200);
                Agent agent = TestAgents.start(relay.get(), "dev-l", relay.newDir("agent"),
                        Map.of("echo", new HostPort("127.0.0.1", echo.port())))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            int port = relay.get().admin(HttpMethod.POST, "/api/v1/published-ports",
                    Map.of("device", "dev-l", "service", "echo", "port", FIRST), 201).path("port").asInt();
            assertThat(port).isEqualTo(FIRST);
            // it said: port SECOND or service echo of device d_... is already published (SECOND: the port it would pick)
            assertThat(relay.get().admin(HttpMethod.POST, "/api/v1/published-ports",
                    Map.of("device", "dev-l", "service", "echo"), 409).toString())
                    .contains("service 'echo' of device 'dev-l' is already published on port " + FIRST);
            assertThat(relay.get().admin(HttpMethod.POST, "/api/v1/published-ports",
                    Map.of("device", "dev-l", "service", "other", "port", FIRST), 409).toString())
                    .contains("port " + FIRST + " is already published, for service 'echo' of device 'dev-l'");
            try (Socket s = Wire.connect(port)) {
                s.getOutputStream().write(new byte[] {1, 2, 3});
                assertThat(s.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
                // the live view shows a session once its row is written, within the audit writer's linger (docs/API.md)
                await().atMost(Duration.ofSeconds(5)).until(() -> relay.get().admin(HttpMethod.GET,
                        "/api/v1/sessions?device=dev-l&open=true", null, 200).size() == 1);
                JsonNode open = relay.get().admin(HttpMethod.GET, "/api/v1/sessions?device=dev-l&open=true", null, 200);
                assertThat(open).hasSize(1);
                assertThat(open.get(0).path("operator").asText()).isEqualTo("published:" + port);
                relay.get().admin(HttpMethod.DELETE, "/api/v1/sessions/" + open.get(0).path("id").asText(), null, 204);
                assertThatThrownBy(() -> s.getInputStream().read()).as("cut: the socket is reset, not ended")
                        .isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(relay.get().admin(HttpMethod.GET,
                    "/api/v1/sessions?device=dev-l", null, 200).get(0).path("closeReason").asText())
                    .startsWith("ADMIN_ACTION: session cut by an admin"));

            relay.get().admin(HttpMethod.DELETE, "/api/v1/devices/dev-l", null, 204);
            assertThat(relay.get().admin(HttpMethod.GET, "/api/v1/published-ports", null, 200).path("ports")).isEmpty();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("no longer listening")
                    .isInstanceOf(IOException.class);
        }
    }
}
