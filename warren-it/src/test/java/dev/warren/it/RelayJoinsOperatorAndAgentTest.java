package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.client.LocalForwarder;
import dev.warren.client.OperatorClient;
import dev.warren.client.Refusal;
import dev.warren.common.net.HostPort;
import dev.warren.protocol.ErrorCode;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.net.EchoServer;
import dev.warren.transport.DialException;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Relay, agent and operator in one JVM, over real TLS on loopback: the core story of Warren. */
class RelayJoinsOperatorAndAgentTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    static EchoServer echo;
    static Agent agent;
    static OperatorClient operator;
    static LocalForwarder forwarder;
    static final List<Refusal> refusals = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start(200);
        agent = TestAgents.start(relay.get(), "dev-42", relay.newDir("agent"), Map.of(
                "echo", new HostPort("127.0.0.1", echo.port()),
                "down", new HostPort("127.0.0.1", 1)));
        await().atMost(Duration.ofSeconds(10)).until(agent::connected);
        operator = new OperatorClient(relay.get().admin());
        forwarder = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), "dev-42", "echo", refusals::add);
    }

    @AfterAll
    static void stop() throws Exception {
        forwarder.close();
        operator.close();
        agent.close();
        echo.close();
    }

    @Test
    void bytesMakeTheRoundTripThroughRelayAndAgent() throws Exception {
        byte[] data = Wire.random(3_000_000, 1);
        assertThat(Wire.sha256(Wire.roundTrip(forwarder.port(), data))).isEqualTo(Wire.sha256(data));
    }

    /**
     * More than the largest window each way at once: the relay reads up to 1 MiB at a time and hands each write to
     * TLS whole (no 16 KiB cutting and joining), so frames cross decrypted batches and small frames sit between large
     * ones in one flush.
     */
    @Test
    void aLargeTransferKeepsItsBytesBothWays() throws Exception {
        byte[] data = Wire.random(40_000_000, 7);
        assertThat(Wire.sha256(Wire.roundTrip(forwarder.port(), data))).isEqualTo(Wire.sha256(data));
    }

    @Test
    void twentyParallelStreamsEachKeepTheirBytes() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] data = Wire.random(500_000 + i * 37_000, i);
            results.add(pool.submit(() -> Wire.sha256(Wire.roundTrip(forwarder.port(), data)).equals(Wire.sha256(data))));
        }
        for (Future<Boolean> r : results) {
            assertThat(r.get()).isTrue();
        }
        pool.shutdown();
    }

    @Test
    void emptyStreamClosesCleanly() throws Exception {
        assertThat(Wire.roundTrip(forwarder.port(), new byte[0])).isEmpty();
    }

    @Test
    void deviceListShowsTheAgentOnlineWithItsServices() {
        JsonNode devices = relay.get().api(HttpMethod.GET, "/api/v1/devices", relay.get().adminToken(), null, 200);
        JsonNode dev = null;
        for (JsonNode d : devices) {
            if (d.path("name").asText().equals("dev-42")) {
                dev = d;
            }
        }
        assertThat(dev).isNotNull();
        assertThat(dev.path("online").asBoolean()).isTrue();
        assertThat(dev.path("services").toString()).contains("echo").contains("down");
    }

    @Test
    void eachStreamIsRecordedWithBytesBothWays() throws Exception {
        byte[] data = Wire.random(123_456, 9);
        Wire.roundTrip(forwarder.port(), data);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode sessions = relay.get().api(HttpMethod.GET, "/api/v1/sessions?device=dev-42&limit=50",
                    relay.get().adminToken(), null, 200);
            assertThat(sessions.findValues("bytesToDevice").stream().map(JsonNode::asLong)).contains(123_456L);
            JsonNode s = null;
            for (JsonNode n : sessions) {
                if (n.path("bytesToDevice").asLong() == 123_456L) {
                    s = n;
                }
            }
            assertThat(s.path("bytesFromDevice").asLong()).isEqualTo(123_456L);
            assertThat(s.path("operator").asText()).isEqualTo("admin");
            assertThat(s.path("service").asText()).isEqualTo("echo");
            assertThat(s.path("endedAt").isNull()).isFalse();
            assertThat(s.path("closeReason").asText()).isEqualTo("closed");
        });
    }

    @Test
    void unknownDeviceIsRefusedWithTheReason() throws Exception {
        assertRefused("no-such-device", "echo", ErrorCode.NO_SUCH_DEVICE, "no device named 'no-such-device'");
    }

    @Test
    void serviceTheDeviceDoesNotExposeIsRefusedWithWhatItExposes() throws Exception {
        assertRefused("dev-42", "postgres", ErrorCode.NO_SUCH_SERVICE,
                "device 'dev-42' does not expose service 'postgres' (it exposes: down, echo)");
    }

    @Test
    void serviceThatDoesNotAnswerIsRefusedByTheAgent() throws Exception {
        assertRefused("dev-42", "down", ErrorCode.CONNECT_FAILED, "service 'down' (127.0.0.1:1)");
    }

    @Test
    void unknownTokenIsRefusedAtHello() {
        OperatorClient stranger = new OperatorClient(relay.get().operator("wat1.0123456789abcdef.notARealSecretxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        try {
            stranger.awaitSession(10);
            throw new AssertionError("a stranger got a session");
        } catch (DialException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("API token");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            stranger.close();
        }
    }

    private void assertRefused(String device, String service, ErrorCode code, String reason) throws Exception {
        List<Refusal> seen = new CopyOnWriteArrayList<>();
        try (LocalForwarder f = LocalForwarder.start(operator, new HostPort("127.0.0.1", 0), device, service, seen::add)) {
            try {
                assertThat(Wire.roundTrip(f.port(), "hello".getBytes())).isEmpty();
            } catch (java.net.SocketException reset) {
                // closing a refused connection with unread bytes may reset it: refused either way
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
            assertThat(seen.get(0).code()).isEqualTo(code);
            assertThat(seen.get(0).reason()).contains(reason);
        }
    }
}
