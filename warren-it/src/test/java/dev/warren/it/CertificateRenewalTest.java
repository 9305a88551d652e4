package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.AgentFiles;
import dev.warren.client.OperatorClient;
import dev.warren.common.net.HostPort;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.Pem;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestRelay;
import dev.warren.testing.net.EchoServer;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * User story 2's last step: an agent renews its device certificate before it expires, keeps its session while doing
 * so, comes back with the new certificate, and the relay refuses the old one from then on.
 */
class CertificateRenewalTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Test
    void anAgentRenewsItsCertificateKeepsItsSessionAndTheOldCertificateIsRefused() throws Exception {
        AgentFiles files = relay.get().enroll("renewing", relay.newDir("renewing"));
        String enrolled = device().path("certFingerprint").asText();
        Path oldIdentity = copyOf(files, relay.newDir("old-identity"));
        X509Certificate first = Pem.readCertificates(files.certificate()).get(0);
        // renew three seconds from now, and every three seconds after that, for as long as this agent runs
        Duration renewBefore = Duration.between(Instant.now(), first.getNotAfter().toInstant()).minusSeconds(3);

        try (EchoServer echo = EchoServer.start(200)) {
            Map<String, HostPort> services = Map.of("echo", new HostPort("127.0.0.1", echo.port()));
            try (Agent agent = start(files.dir(), services, renewBefore)) {
                await().atMost(Duration.ofSeconds(10)).until(agent::connected);
                await().atMost(Duration.ofSeconds(15)).until(() -> !device().path("certFingerprint").asText()
                        .equals(enrolled));
                assertThat(agent.connected()).as("the session admitted with the old certificate stays").isTrue();
                try (Streams.Live stream = new Streams.Live(new OperatorClient(relay.get().admin()), "renewing",
                        "echo")) {
                    assertThat(stream).isNotNull(); // the echo went through, in Live's constructor
                }
                // cut the session: the same agent comes back, presenting the renewed certificate
                String firstConnection = device().path("lastAddress").asText();
                relay.get().admin(HttpMethod.POST, "/api/v1/devices/renewing/disconnect", null, 200);
                // a new connection (another source port), not the old one
                await().atMost(Duration.ofSeconds(10)).until(() -> agent.connected()
                        && device().path("online").asBoolean()
                        && !device().path("lastAddress").asText().equals(firstConnection));
            }
            // whatever renewal the close interrupted, the files and the relay agree once it settles
            await().atMost(Duration.ofSeconds(5)).until(() -> Fingerprints.sha256Hex(
                    Pem.readCertificates(files.certificate()).get(0)).equals(device().path("certFingerprint").asText()));
            assertThat(files.dir().resolve("device.next.key")).doesNotExist();

            try (Agent renewed = start(files.dir(), services, null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> renewed.connected()
                        && device().path("online").asBoolean());
            }
            try (Agent stale = start(oldIdentity, services, null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> stale.lastFailure() != null);
                assertThat(stale.connected()).isFalse();
                assertThat(stale.lastFailure()).contains("renewed since");
            }
        }
        List<AuditEvent> renewals = relay.get().server().store().audit()
                .query(new AuditQuery(null, null, "device.renew", null, null, null, 100));
        assertThat(renewals).isNotEmpty().allSatisfy(e -> assertThat(e.outcome()).isEqualTo("ok"));
    }

    private static Agent start(Path dir, Map<String, HostPort> services, Duration renewBefore) {
        return Agent.start(AgentConfig.of(dir, services).withSession(TestRelay.fastSession())
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).withRenewBefore(renewBefore));
    }

    private static Path copyOf(AgentFiles files, Path target) throws Exception {
        for (String name : List.of("device.key", "device.crt", "ca.crt", "agent.json")) {
            Files.copy(files.dir().resolve(name), target.resolve(name));
        }
        return target;
    }

    private static JsonNode device() {
        return relay.get().api(HttpMethod.GET, "/api/v1/devices/renewing", relay.get().adminToken(), null, 200);
    }
}
