package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.Forward;
import dev.warren.common.net.HostPort;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestAgents;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Service forwarders (user story 4): connections to a port of plant-a's agent become streams, through the relay, to the
 * echo service of plant-b, only under a device-to-device grant; refused and expired ones close the local connection.
 */
class DeviceForwardersTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    static EchoServer echo;
    static Agent plantB;
    static Agent plantA;
    /** plant-a's forwarders, in this order: to plant-b/echo, to plant-b/other, to nowhere/echo. */
    static int toEcho;
    static int toOther;
    static int toNowhere;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start(200);
        plantB = TestAgents.start(relay.get(), "plant-b", relay.newDir("b"), Map.of(
                "echo", new HostPort("127.0.0.1", echo.port()), "other", new HostPort("127.0.0.1", echo.port())));
        Path aDir = relay.newDir("a");
        relay.get().enroll("plant-a", aDir);
        HostPort any = new HostPort("127.0.0.1", 0);
        plantA = Agent.start(AgentConfig.of(aDir, Map.of()).withSession(TestRelay.fastSession())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .withForwards(List.of(new Forward(any, "plant-b", "echo"), new Forward(new HostPort("127.0.0.2", 0),
                        "plant-b", "other"), new Forward(new HostPort("127.0.0.3", 0), "nowhere", "echo"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> plantA.connected() && plantB.connected());
        toEcho = plantA.forwarderPorts().get(0);
        toOther = plantA.forwarderPorts().get(1);
        toNowhere = plantA.forwarderPorts().get(2);
    }

    @AfterAll
    static void stop() throws Exception {
        plantA.close();
        plantB.close();
        echo.close();
    }

    @Test
    void withoutAGrantTheLocalConnectionIsClosedAtOnceAndTheRefusalAudited() throws Exception {
        assertClosedAtOnce("127.0.0.3", toNowhere);
        assertClosedAtOnce("127.0.0.2", toOther);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode refusals = refusedOpens();
            assertThat(refusals.toString()).contains("no device named 'nowhere'");
            assertThat(refusals.toString()).contains("device:plant-a");
        });
    }

    @Test
    void underAGrantBytesCrossBothWaysAndTheSessionIsRecordedForTheDevice() throws Exception {
        JsonNode grant = grant("echo", Duration.ofMinutes(10));
        try {
            byte[] data = Wire.random(2_000_000, 7);
            assertThat(Wire.sha256(roundTrip("127.0.0.1", toEcho, data))).isEqualTo(Wire.sha256(data));
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                byte[] each = Wire.random(200_000 + i * 1_000, i);
                results.add(pool.submit(() -> Wire.sha256(roundTrip("127.0.0.1", toEcho, each))
                        .equals(Wire.sha256(each))));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
            pool.shutdown();
            // the grant is for echo only: other is refused, naming what is covered
            assertClosedAtOnce("127.0.0.2", toOther);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode sessions = relay.get().api(HttpMethod.GET, "/api/v1/sessions?device=plant-b&limit=50",
                        relay.get().adminToken(), null, 200);
                JsonNode big = null;
                for (JsonNode s : sessions) {
                    if (s.path("bytesToDevice").asLong() == 2_000_000L) {
                        big = s;
                    }
                }
                assertThat(big).as("the 2 MB session in %s", sessions).isNotNull();
                assertThat(big.path("operator").asText()).isEqualTo("device:plant-a");
                assertThat(big.path("bytesFromDevice").asLong()).isEqualTo(2_000_000L);
                assertThat(big.path("grantId").asText()).isEqualTo(grant.path("id").asText());
                assertThat(refusedOpens().toString()).contains("no grant for device plant-a on plant-b/other");
            });
        } finally {
            revokeQuietly(grant);
        }
    }

    @Test
    void aGrantsExpiryClosesItsStreamsWithinASecond() throws Exception {
        JsonNode grant = grant("echo", Duration.ofSeconds(3));
        Instant expiresAt = Instant.parse(grant.path("expiresAt").asText());
        try (Socket s = liveStream()) {
            Instant ended = awaitEnd(s, Duration.ofSeconds(10));
            assertThat(Duration.between(expiresAt, ended)).isLessThan(Duration.ofMillis(1500));
        }
        assertClosedAtOnce("127.0.0.1", toEcho); // and no new stream afterwards
    }

    @Test
    void revokingAGrantClosesItsStreamsAtOnce() throws Exception {
        JsonNode grant = grant("echo", Duration.ofMinutes(10));
        try (Socket s = liveStream()) {
            Instant revoked = Instant.now();
            relay.get().admin(HttpMethod.DELETE, "/api/v1/grants/" + grant.path("id").asText(), null, 204);
            Instant ended = awaitEnd(s, Duration.ofSeconds(10));
            assertThat(Duration.between(revoked, ended)).isLessThan(Duration.ofSeconds(2));
        }
        JsonNode audit = relay.get().api(HttpMethod.GET, "/api/v1/audit?action=grant.revoke&limit=5",
                relay.get().adminToken(), null, 200);
        assertThat(audit.toString()).contains(grant.path("id").asText()).contains("device:plant-a");
    }

    @Test
    void theGrantsApiNamesTheHolderDeviceAndRefusesAmbiguousHolders() {
        JsonNode grant = grant("echo", Duration.ofMinutes(5));
        try {
            assertThat(grant.path("fromDevice").asText()).isEqualTo("plant-a");
            assertThat(grant.path("user").isNull()).isTrue();
            JsonNode listed = relay.get().admin(HttpMethod.GET, "/api/v1/grants?fromDevice=plant-a&active=true", null,
                    200);
            assertThat(listed.findValuesAsText("id")).contains(grant.path("id").asText());
            relay.get().createUser("fwd-op", "operator");
            JsonNode both = relay.get().admin(HttpMethod.POST, "/api/v1/grants", Map.of("user", "fwd-op",
                    "fromDevice", "plant-a", "device", "plant-b", "service", "echo", "ttlSeconds", 60, "reason", "x"),
                    400);
            assertThat(both.toString()).contains("exactly one");
            relay.get().admin(HttpMethod.POST, "/api/v1/grants", Map.of("fromDevice", "no-such-device",
                    "device", "plant-b", "service", "echo", "ttlSeconds", 60, "reason", "x"), 404);
        } finally {
            revokeQuietly(grant);
        }
    }

    private static JsonNode grant(String service, Duration ttl) {
        return relay.get().admin(HttpMethod.POST, "/api/v1/grants", Map.of("fromDevice", "plant-a",
                "device", "plant-b", "service", service, "ttlSeconds", ttl.toSeconds(), "reason", "forwarder test"),
                201);
    }

    private static void revokeQuietly(JsonNode grant) {
        try {
            relay.get().admin(HttpMethod.DELETE, "/api/v1/grants/" + grant.path("id").asText(), null, 204);
        } catch (AssertionError alreadyEnded) {
            // expired or revoked by the test itself
        }
    }

    private static JsonNode refusedOpens() {
        return relay.get().api(HttpMethod.GET, "/api/v1/audit?action=session.open&limit=100",
                relay.get().adminToken(), null, 200);
    }

    private static byte[] roundTrip(String host, int port, byte[] data) throws Exception {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(20_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(data);
                    s.shutdownOutput(); // half-close: the answer still comes back
                } catch (IOException e) {
                    // the read below fails too
                }
            });
            byte[] back = Wire.readAll(s.getInputStream());
            writer.join();
            return back;
        }
    }

    /** A stream through the echo forwarder, checked with one round trip. */
    private static Socket liveStream() throws IOException {
        Socket s = new Socket("127.0.0.1", toEcho);
        s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
        s.setSoTimeout(10_000);
        assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("ping");
        return s;
    }

    private static Instant awaitEnd(Socket s, Duration atMost) throws IOException {
        s.setSoTimeout((int) atMost.toMillis());
        try {
            while (s.getInputStream().read() >= 0) {
                // an echo stream says nothing more
            }
        } catch (IOException reset) {
            // a reset ends it too
        }
        return Instant.now();
    }

    /** The forwarder accepts, then closes the connection as soon as the relay refuses: well within 3 s. */
    private static void assertClosedAtOnce(String host, int port) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
            long start = System.nanoTime();
            Instant ended = awaitEnd(s, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed after").isLessThan(Duration.ofSeconds(3));
            assertThat(ended).isNotNull();
        }
    }
}
