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
import dev.warren.protocol.session.SessionConfig;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import dev.warren.transport.Transport;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Warren protocol over WebSocket on the relay's one port: agent and operator over wss, the same identity and
 * session semantics, the REST API beside it, and a dead path still noticed by the keep-alives.
 */
class WebSocketTransportTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    /**
     * Bulk both ways over wss. Under the tests' paranoid leak detection this once stalled after 16 KiB per stream:
     * Netty's WebSocket codec masked and unmasked 8 bytes per leak-recorded access, which starved the dialers' loops
     * (and then the relay's) until the 200 ms keep-alives gave up (now MaskingFrameEncoder, ClientFrameUnmasker).
     */
    @Test
    void agentAndOperatorOverWssCarryParallelStreams() throws Exception {
        AgentFiles files = relay.get().enroll("ws-agent", relay.newDir("ws-agent"));
        try (EchoServer echo = EchoServer.start(200);
                Agent agent = Agent.start(AgentConfig.of(files.dir(), Map.of("echo", new HostPort("127.0.0.1",
                        echo.port()))).withTransport(Transport.WSS)
                        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
                // default keep-alives: a bulk test on a loaded CI machine must not hinge on 200 ms pings
                OperatorClient operator = new OperatorClient(relay.get().admin().withSession(SessionConfig.DEFAULTS)
                        .withTransport(Transport.WSS));
                LocalForwarder forwarder = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), "ws-agent",
                        "echo", r -> { })) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            JsonNode device = relay.get().api(HttpMethod.GET, "/api/v1/devices/ws-agent", relay.get().adminToken(),
                    null, 200);
            assertThat(device.path("online").asBoolean()).isTrue();
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                byte[] data = Wire.random(1_000_000 + i * 31_000, i);
                results.add(pool.submit(() -> Wire.sha256(Wire.roundTrip(forwarder.port(), data))
                        .equals(Wire.sha256(data))));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
            pool.shutdown();
        }
    }

    @Test
    void aSilentlyDeadPathIsNoticedOverWssToo() throws Exception {
        AgentFiles files = relay.get().enroll("ws-frozen", relay.newDir("ws-frozen"));
        try (EchoServer echo = EchoServer.start(200);
                FreezableProxy path = new FreezableProxy(relay.get().address().port());
                Agent agent = Agent.start(AgentConfig.of(files.dir(), Map.of("echo", new HostPort("127.0.0.1",
                        echo.port()))).withRelay(new HostPort("127.0.0.1", path.port())).withTransport(Transport.WSS)
                        .withSession(TestRelay.fastSession()).withBackoff(Duration.ofMillis(100),
                                Duration.ofMillis(500)))) {
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
            path.freeze();
            await().atMost(Duration.ofSeconds(5)).until(() -> !agent.connected());
            path.thaw();
            await().atMost(Duration.ofSeconds(10)).until(agent::connected);
        }
    }

    @Test
    void theTunnelPathWithoutAnUpgradeIsABadRequestAndTheApiStillAnswers() {
        JsonNode refused = relay.get().api(HttpMethod.GET, "/api/v1/tunnel", relay.get().adminToken(), null, 400);
        assertThat(refused.path("message").asText()).contains("WebSocket upgrade");
        relay.get().api(HttpMethod.GET, "/api/v1/devices", relay.get().adminToken(), null, 200);
    }
}
