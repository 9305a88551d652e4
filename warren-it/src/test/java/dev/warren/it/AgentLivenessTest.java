package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.AgentFiles;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.store.SessionRecord;
import dev.warren.testing.LogCapture;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import io.netty.handler.codec.http.HttpMethod;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agents stay reachable: they come back after a relay restart, and a dead path is noticed within seconds. */
class AgentLivenessTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Test
    void agentsComeBackByThemselvesAfterARelayRestart() throws Exception {
        try (EchoServer echo = EchoServer.start(200);
                Agent a = TestAgents.start(relay.get(), "restart-a", relay.newDir("a"), Map.of("echo", echo(echo)));
                Agent b = TestAgents.start(relay.get(), "restart-b", relay.newDir("b"), Map.of("echo", echo(echo)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.connected() && b.connected());
            relay.get().restart();
            await().atMost(Duration.ofSeconds(15)).until(() -> a.connected() && b.connected());
            await().atMost(Duration.ofSeconds(5)).until(() -> online("restart-a") && online("restart-b"));
        }
    }

    @Test
    void aSilentlyDeadPathIsNoticedWithinTheKeepaliveTimeout() throws Exception {
        AgentFiles files = relay.get().enroll("frozen", relay.newDir("frozen"));
        try (EchoServer echo = EchoServer.start(200);
                FreezableProxy path = new FreezableProxy(relay.get().address().port());
                Agent agent = Agent.start(AgentConfig.of(files.dir(), Map.of("echo", echo(echo)))
                        .withRelay(new HostPort("127.0.0.1", path.port()))
                        .withSession(TestRelay.fastSession())
                        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.connected() && online("frozen"));
            long frozenAt = System.nanoTime();
            path.freeze();
            // keep-alive every 200 ms, dead after 600 ms: both ends notice within a couple of seconds
            await().atMost(Duration.ofSeconds(5)).until(() -> !online("frozen"));
            await().atMost(Duration.ofSeconds(5)).until(() -> !agent.connected());
            long noticedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
            assertThat(noticedMillis).isLessThan(5_000);
            path.thaw();
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.connected() && online("frozen"));
        }
    }

    @Test
    void aStoppedAgentShowsOfflineAtOnce() throws Exception {
        try (EchoServer echo = EchoServer.start(200)) {
            Agent agent = TestAgents.start(relay.get(), "stopped", relay.newDir("stopped"), Map.of("echo", echo(echo)));
            await().atMost(Duration.ofSeconds(10)).until(() -> online("stopped"));
            agent.close();
            await().atMost(Duration.ofSeconds(2)).until(() -> !online("stopped"));
        }
    }

    @Test
    void aStreamLostWithItsAgentsConnectionSaysTheDeviceWentAway() throws Exception {
        AgentFiles files = relay.get().enroll("killed", relay.newDir("killed"));
        try (EchoServer echo = EchoServer.start(200);
                FreezableProxy path = new FreezableProxy(relay.get().address().port());
                Agent agent = Agent.start(AgentConfig.of(files.dir(), Map.of("echo", echo(echo)))
                        .withRelay(new HostPort("127.0.0.1", path.port()))
                        .withBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)));
                OperatorClient operator = new OperatorClient(relay.get().admin());
                LocalForwarder forwarder = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), "killed",
                        "echo", r -> { });
                LogCapture operatorLog = new LogCapture("dev.warren.transport.StreamListener")) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            Socket s = Wire.connect(forwarder.port());
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            String id = relay.get().server().liveSessions().iterator().next().id();
            path.close(); // the agent's connection drops without a goodbye, as when its process is killed
            String lost = "DEVICE_OFFLINE: device 'killed' disconnected (session closed: connection closed)";
            await().atMost(Duration.ofSeconds(5)).until(() -> relay.get().server().store().sessions().byId(id)
                    .map(SessionRecord::closeReason).isPresent());
            assertThat(relay.get().server().store().sessions().byId(id).orElseThrow().closeReason()).isEqualTo(lost);
            await("the operator hears why").atMost(Duration.ofSeconds(5))
                    .until(() -> operatorLog.lines().stream().anyMatch(l -> l.contains("stream ended:")));
            assertThat(operatorLog.lines()).filteredOn(l -> l.contains("stream ended:")).singleElement().asString()
                    .endsWith("stream ended: " + lost);
            s.close();
        }
    }

    private static HostPort echo(EchoServer echo) {
        return new HostPort("127.0.0.1", echo.port());
    }

    private static boolean online(String name) {
        JsonNode d = relay.get().api(HttpMethod.GET, "/api/v1/devices/" + name, relay.get().adminToken(), null, 200);
        return d.path("online").asBoolean();
    }
}
