package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.AgentFiles;
import dev.warren.agent.Forward;
import dev.warren.common.net.HostPort;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.SessionQuery;
import dev.warren.store.SessionRecord;
import dev.warren.testing.ExpiryRace;
import dev.warren.testing.TestAgents;
import dev.warren.testing.TestRelay;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Service forwarders end to end in one JVM (real relay and agents over TLS), once per database by a subclass (the
 * relay's access path reads the store at every open): a device's forwarder reaches another device's service only under
 * a device-to-device grant; bytes travel both ways intact with half-close; a refusal closes the local connection at
 * once and is audited; a grant's expiry or revocation ends its streams; only admins manage device grants.
 */
@Timeout(120)
abstract class ForwarderScenarios extends RelayScenarios {
    /** An enrolled, connected device exposing echo (the target of forwards). */
    String target(String base) throws Exception {
        String name = unique(base);
        Agent agent = TestAgents.start(relay(), name, newDir("agent"),
                Map.of("echo", new HostPort("127.0.0.1", echo.port())));
        closeables.add(agent);
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
        return name;
    }

    /** A source device and its connected agent, whose one forwarder listens on a free loopback port. */
    record Source(String name, Agent agent) {
        int port() {
            return agent.forwarderPorts().get(0);
        }
    }

    Source source(String base, String device, String service) throws Exception {
        String name = unique(base);
        AgentFiles files = relay().enroll(name, newDir("agent"));
        Agent agent = Agent.start(AgentConfig.of(files.dir(), Map.of()).withSession(TestRelay.fastSession())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .withForwards(List.of(new Forward(new HostPort("127.0.0.1", 0), device, service))));
        closeables.add(agent);
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
        return new Source(name, agent);
    }

    JsonNode deviceGrant(String from, String device, String service, Duration ttl) {
        return relay().admin(HttpMethod.POST, "/api/v1/grants", Map.of("fromDevice", from, "device", device,
                "service", service, "ttlSeconds", ttl.toSeconds(), "reason", "line 3 historian"), 201);
    }

    List<AuditEvent> audit(String action, String actor) {
        return relay().server().store().audit().query(new AuditQuery(null, actor, action, null, null, null, 100));
    }

    SessionRecord closedSession(String principal) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<SessionRecord> s = relay().server().store().sessions()
                    .query(new SessionQuery(null, principal, null, false, 1));
            return !s.isEmpty() && !s.get(0).isOpen();
        });
        return relay().server().store().sessions().query(new SessionQuery(null, principal, null, false, 1)).get(0);
    }

    /** Reads until the far side ends the connection (EOF or reset); when that was noticed. */
    static Instant awaitEnd(Socket s, Duration atMost) throws IOException {
        s.setSoTimeout((int) atMost.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // nothing to read: wait for the end
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the connection was still open after " + atMost, e);
        } catch (IOException reset) {
            // a reset counts as ended
        }
        return Instant.now();
    }

    /** One round trip through the forwarder, so the stream is known to be up. */
    static Socket live(int port) throws IOException {
        Socket s = Wire.connect(port);
        s.setSoTimeout(5000);
        s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("ping");
        return s;
    }

    @Test
    void aGrantedForwarderCarriesBytesBothWaysIntactAndHalfCloses() throws Exception {
        String plantB = target("plant-b");
        Source plantA = source("plant-a", plantB, "echo");
        String grant = deviceGrant(plantA.name(), plantB, "echo", Duration.ofMinutes(5)).get("id").asText();
        assertThat(grant).matches("g_[a-z2-7]{16}");

        byte[] payload = new byte[4 << 20];
        new Random(42).nextBytes(payload);
        try (Socket s = Wire.connect(plantA.port())) {
            s.setSoTimeout(30_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < payload.length; off += 65536) {
                        out.write(payload, off, Math.min(65536, payload.length - off));
                    }
                    s.shutdownOutput(); // half-close: the echo answers everything, then closes its side
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes(); // ends only when the far side's EOF came back
            writer.join(30_000);
            assertThat(back.length).isEqualTo(payload.length);
            assertThat(sha256(back)).isEqualTo(sha256(payload));
        }
        String principal = "device:" + plantA.name();
        SessionRecord session = closedSession(principal);
        assertThat(session.grantId()).isEqualTo(grant);
        assertThat(session.deviceName()).isEqualTo(plantB);
        assertThat(session.bytesToDevice()).isEqualTo(payload.length);
        assertThat(session.bytesFromDevice()).isEqualTo(payload.length);
        assertThat(session.closeReason()).isEqualTo("closed");
        await().atMost(Duration.ofSeconds(30)).until(() -> audit("session.close", principal).size() == 1);
        AuditEvent opened = audit("session.open", principal).get(0);
        assertThat(opened.outcome()).isNotEqualTo("refused");
        assertThat(opened.details()).containsEntry("grantId", grant).containsEntry("device", plantB);
    }

    @Test
    void withoutADeviceGrantTheLocalConnectionIsClosedAtOnceAndTheRefusalAudited() throws Exception {
        String plantB = target("plant-b");
        Source plantA = source("plant-a", plantB, "echo");
        // an operator's grant on the same device does not let a device in
        String op = unique("op");
        relay().createUser(op, "operator");
        relay().grant(op, plantB, "echo", Duration.ofMinutes(5));

        Instant start = Instant.now();
        try (Socket s = Wire.connect(plantA.port())) {
            s.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
            Instant ended = awaitEnd(s, Duration.ofSeconds(5));
            assertThat(Duration.between(start, ended)).isLessThan(Duration.ofSeconds(2));
        }
        String principal = "device:" + plantA.name();
        await().atMost(Duration.ofSeconds(30)).until(() -> !audit("session.open", principal).isEmpty());
        AuditEvent refused = audit("session.open", principal).get(0);
        assertThat(refused.outcome()).isEqualTo("refused");
        // a device that holds no grant on plant-b learns no more than an operator would
        assertThat(refused.details().get("reason")).isEqualTo("NO_SUCH_DEVICE: no device named '" + plantB + "'");
        // the relay's admins learn the truth that the wire answer hides
        assertThat(refused.details().get("inFact")).isEqualTo("device '" + plantB + "' exists, but no grant for device "
                + plantA.name() + " covers it (answered as unknown, to keep it hidden)");
        assertThat(refused.details().get("fromDevice")).isEqualTo(plantA.agent().deviceId());
    }

    @Test
    void anUnknownDeviceOrAServiceOutsideTheGrantIsRefused() throws Exception {
        String plantB = target("plant-b");
        Source toNowhere = source("plant-a", "no-such-device", "echo");
        Source toOther = source("plant-a", plantB, "web");
        deviceGrant(toOther.name(), plantB, "echo", Duration.ofMinutes(5));
        for (Source s : List.of(toNowhere, toOther)) {
            try (Socket socket = Wire.connect(s.port())) {
                awaitEnd(socket, Duration.ofSeconds(5));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !audit("session.open", "device:" + toNowhere.name()).isEmpty()
                && !audit("session.open", "device:" + toOther.name()).isEmpty());
        assertThat(audit("session.open", "device:" + toNowhere.name()).get(0).details().get("reason"))
                .isEqualTo("NO_SUCH_DEVICE: no device named 'no-such-device'");
        assertThat(audit("session.open", "device:" + toNowhere.name()).get(0).details()).doesNotContainKey("inFact");
        assertThat(audit("session.open", "device:" + toOther.name()).get(0).details().get("reason"))
                .startsWith("FORBIDDEN: no grant for device " + toOther.name() + " on " + plantB + "/web")
                .contains("cover: echo until");
    }

    @Test
    void aGrantsExpiryEndsItsForwardedStreamsWithinASecond() throws Exception {
        String plantB = target("plant-b");
        Source plantA = source("plant-a", plantB, "echo");
        // the grant's clock runs from its creation; a stream that opened too late on a busy machine proves nothing,
        // so that try is made again with a longer grant (3 s, 6 s, 12 s)
        ExpiryRace.run(Duration.ofSeconds(3), 3, lifetime -> {
            JsonNode grant = deviceGrant(plantA.name(), plantB, "echo", lifetime);
            Instant expiresAt = Instant.parse(grant.get("expiresAt").asText());
            Socket opened;
            try {
                opened = live(plantA.port());
            } catch (IOException | AssertionError e) {
                ExpiryRace.inTime(expiresAt, Duration.ZERO, "the stream was refused");
                throw e;
            }
            try (Socket s = opened) {
                ExpiryRace.inTime(expiresAt, Duration.ofMillis(500), "the stream was up"); // before: allowed
                Instant ended = awaitEnd(s, lifetime.plusSeconds(10));
                assertThat(Duration.between(expiresAt, ended)).isLessThan(Duration.ofSeconds(1))
                        .isGreaterThan(Duration.ofMillis(-100));
            }
            SessionRecord s = closedSession("device:" + plantA.name());
            assertThat(s.closeReason()).isEqualTo("GRANT_EXPIRED: grant " + grant.get("id").asText() + " expired at "
                    + expiresAt.truncatedTo(ChronoUnit.SECONDS));
            // after: a new connection is refused, naming the grant that ended
            long refusedBefore = refusals(plantA.name());
            try (Socket again = Wire.connect(plantA.port())) {
                awaitEnd(again, Duration.ofSeconds(30));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> refusals(plantA.name()) > refusedBefore);
        });
    }

    private long refusals(String source) {
        return audit("session.open", "device:" + source).stream().filter(e -> "refused".equals(e.outcome())).count();
    }

    @Test
    void revokingAGrantEndsItsForwardedStreamsAtOnce() throws Exception {
        String plantB = target("plant-b");
        Source plantA = source("plant-a", plantB, "echo");
        String grant = deviceGrant(plantA.name(), plantB, "echo", Duration.ofMinutes(5)).get("id").asText();
        try (Socket s = live(plantA.port())) {
            Instant revoked = Instant.now();
            relay().admin(HttpMethod.DELETE, "/api/v1/grants/" + grant, null, 204);
            Instant ended = awaitEnd(s, Duration.ofSeconds(5));
            assertThat(Duration.between(revoked, ended)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(closedSession("device:" + plantA.name()).closeReason())
                .startsWith("GRANT_EXPIRED: grant " + grant + " revoked by admin at ");
        JsonNode read = relay().admin(HttpMethod.GET, "/api/v1/grants/" + grant, null, 200);
        assertThat(read.get("live").asBoolean()).isFalse();
        assertThat(read.get("revokedBy").asText()).isEqualTo("admin");
        await().atMost(Duration.ofSeconds(30)).until(() -> audit("grant.revoke", "admin").stream()
                .anyMatch(e -> grant.equals(e.target()) && "1".equals(e.details().get("streamsCut"))));
    }

    @Test
    void disablingTheSourceDeviceEndsTheStreamsItsForwardersOpened() throws Exception {
        String plantB = target("plant-b");
        Source plantA = source("plant-a", plantB, "echo");
        deviceGrant(plantA.name(), plantB, "echo", Duration.ofMinutes(5));
        try (Socket s = live(plantA.port())) {
            Instant disabled = Instant.now();
            relay().admin(HttpMethod.POST, "/api/v1/devices/" + plantA.name() + "/disable",
                    Map.of("reason", "decommissioned"), 200);
            Instant ended = awaitEnd(s, Duration.ofSeconds(5));
            assertThat(Duration.between(disabled, ended)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(closedSession("device:" + plantA.name()).closeReason()).startsWith("DEVICE_DISABLED: ");
        assertThat(relay().server().store().sessions().query(new SessionQuery(null, "device:" + plantA.name(), null,
                true, 10))).isEmpty();
    }

    @Test
    void onlyAdminsManageDeviceGrantsAndBadRequestsSayWhy() throws Exception {
        String plantB = target("plant-b");
        String plantA = target("plant-a");
        String op = unique("op");
        String opToken = relay().createUser(op, "operator");
        String auditor = relay().createUser(unique("aud"), "auditor");
        Map<String, Object> body = Map.of("fromDevice", plantA, "device", plantB, "service", "echo",
                "ttlSeconds", 60, "reason", "r");
        relay().api(HttpMethod.POST, "/api/v1/grants", opToken, body, 403);
        relay().api(HttpMethod.POST, "/api/v1/grants", auditor, body, 403);
        relay().api(HttpMethod.GET, "/api/v1/grants?fromDevice=" + plantA, opToken, null, 403);
        String id = relay().admin(HttpMethod.POST, "/api/v1/grants", body, 201).get("id").asText();
        JsonNode listed = relay().api(HttpMethod.GET, "/api/v1/grants?fromDevice=" + plantA, auditor, null, 200);
        assertThat(listed.findValuesAsText("id")).containsExactly(id);
        assertThat(listed.get(0).get("fromDevice").asText()).isEqualTo(plantA);
        // an operator's own list does not show device grants
        assertThat(relay().api(HttpMethod.GET, "/api/v1/grants", opToken, null, 200).findValuesAsText("id"))
                .doesNotContain(id);
        relay().api(HttpMethod.DELETE, "/api/v1/grants/" + id, auditor, null, 403);

        relay().admin(HttpMethod.POST, "/api/v1/grants", Map.of("user", op, "fromDevice", plantA,
                "device", plantB, "service", "echo", "ttlSeconds", 60, "reason", "r"), 400);
        JsonNode unknown = relay().admin(HttpMethod.POST, "/api/v1/grants", Map.of("fromDevice", "nope-x",
                "device", plantB, "service", "echo", "ttlSeconds", 60, "reason", "r"), 404);
        assertThat(unknown.get("message").asText()).contains("no device 'nope-x'");
        await().atMost(Duration.ofSeconds(30)).until(() -> audit("grant.create", "admin").stream()
                .anyMatch(e -> id.equals(e.target()) && ("device:" + plantA).equals(e.subject())));
    }

    @Test
    void aForwarderThatCannotBindIsAClearErrorAndNothingIsLeftRunning() throws Exception {
        String plantB = target("plant-b");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            AgentFiles files = relay().enroll(unique("plant-a"), newDir("agent"));
            HostPort busy = new HostPort("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> Agent.start(AgentConfig.of(files.dir(), Map.of())
                    .withForwards(List.of(new Forward(busy, plantB, "echo")))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("forward " + busy + "=" + plantB + "/echo: cannot listen on " + busy);
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
