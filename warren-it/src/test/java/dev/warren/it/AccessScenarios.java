package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.agent.Agent;
import dev.warren.client.OperatorClient;
import dev.warren.client.Refusal;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.pki.Csr;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.protocol.ErrorCode;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.SessionQuery;
import dev.warren.store.SessionRecord;
import dev.warren.testing.ExpiryRace;
import dev.warren.testing.TestAgents;
import dev.warren.transport.DialException;
import io.netty.handler.codec.http.HttpMethod;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may reach what, end to end in one JVM (real relay, agents and operators over TLS): deny by default, grants, their
 * expiry and revocation cutting live streams, device and service actions, every refusal path with its code, message
 * and audit record. Run once per database by a subclass.
 */
@Timeout(120)
abstract class AccessScenarios extends RelayScenarios {
    /** An enrolled, connected device exposing echo and web (both the echo server). */
    String device(String base) throws Exception {
        String name = unique(base);
        HostPort e = new HostPort("127.0.0.1", echo.port());
        Agent agent = TestAgents.start(relay(), name, newDir("agent"), Map.of("echo", e, "web", e));
        closeables.add(agent);
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
        return name;
    }

    OperatorClient operator(String token) {
        OperatorClient client = new OperatorClient(relay().operator(token));
        closeables.add(client);
        return client;
    }

    /** A new operator: name and client. */
    record Op(String name, String token, OperatorClient client) {}

    Op newOperator() {
        String name = unique("op");
        String token = relay().createUser(name, "operator");
        return new Op(name, token, operator(token));
    }

    List<AuditEvent> audit(String action, String user) {
        return relay().server().store().audit().query(new AuditQuery(null, null, action, null, null, user, 100));
    }

    SessionRecord lastSession(String operator) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !relay().server().store().sessions()
                .query(new SessionQuery(null, operator, null, false, 1)).isEmpty());
        return relay().server().store().sessions().query(new SessionQuery(null, operator, null, false, 1)).get(0);
    }

    SessionRecord closedSession(String operator) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !lastSession(operator).isOpen());
        return lastSession(operator);
    }

    @Test
    void withoutAnyGrantADeviceIsRefusedExactlyLikeOneThatDoesNotExist() throws Exception {
        String dev = device("hidden");
        Op bob = newOperator();
        Refusal existing = Streams.refusal(bob.client(), dev, "echo");
        Refusal absent = Streams.refusal(bob.client(), "no-such-" + dev, "echo");
        assertThat(existing.code()).isEqualTo(ErrorCode.NO_SUCH_DEVICE);
        assertThat(absent.code()).isEqualTo(ErrorCode.NO_SUCH_DEVICE);
        assertThat(existing.reason()).isEqualTo("no device named '" + dev + "'");
        assertThat(absent.reason()).isEqualTo("no device named 'no-such-" + dev + "'");
        // a grant on another device does not reveal this one either
        String other = device("other");
        relay().grant(bob.name(), other, "echo", Duration.ofMinutes(5));
        assertThat(Streams.refusal(bob.client(), dev, "echo").reason()).isEqualTo(existing.reason());
        // nor does the device list or the device's page
        JsonNode devices = relay().api(HttpMethod.GET, "/api/v1/devices", bob.token(), null, 200);
        assertThat(devices.findValuesAsText("name")).containsExactly(other);
        JsonNode hidden = relay().api(HttpMethod.GET, "/api/v1/devices/" + dev, bob.token(), null, 404);
        JsonNode missing = relay().api(HttpMethod.GET, "/api/v1/devices/no-such-" + dev, bob.token(), null, 404);
        assertThat(hidden.get("message").asText().replace(dev, "X"))
                .isEqualTo(missing.get("message").asText().replace("no-such-" + dev, "X"));
        await().atMost(Duration.ofSeconds(30)).until(() -> audit("session.open", bob.name()).size() >= 3);
        assertThat(audit("session.open", bob.name())).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("refused");
            assertThat(e.details().get("reason")).startsWith("NO_SUCH_DEVICE: no device named");
        });
        // the audit (admins and auditors only) says which refusals hid a device that exists
        assertThat(audit("session.open", bob.name())).filteredOn(e -> e.target().equals(dev)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.details().get("inFact")).isEqualTo("device '" + dev
                        + "' exists, but no grant for " + bob.name() + " covers it (answered as unknown, to keep it hidden)"));
        assertThat(audit("session.open", bob.name())).filteredOn(e -> !e.target().equals(dev)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.details()).doesNotContainKey("inFact"));
    }

    @Test
    void aLiveGrantOpensTheServiceAndTheSessionRecordNamesIt() throws Exception {
        String dev = device("granted");
        Op alice = newOperator();
        String grant = relay().grant(alice.name(), dev, "echo", Duration.ofMinutes(5)).get("id").asText();
        try (Streams.Live live = new Streams.Live(alice.client(), dev, "echo")) {
            assertThat(live.alive()).isTrue();
        }
        SessionRecord s = closedSession(alice.name());
        assertThat(s.grantId()).isEqualTo(grant);
        assertThat(s.deviceName()).isEqualTo(dev);
        assertThat(s.bytesToDevice()).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> audit("session.close", alice.name()).size() == 1);
        AuditEvent close = audit("session.close", alice.name()).get(0);
        assertThat(close.details()).containsEntry("grantId", grant).containsKey("bytesToDevice")
                .containsKey("bytesFromDevice").containsKey("closeReason");
        assertThat(close.sourceAddress()).startsWith("127.0.0.1:");
    }

    @Test
    void aGrantForAnotherServiceSaysWhichGrantIsMissing() throws Exception {
        String dev = device("svc");
        Op carol = newOperator();
        relay().grant(carol.name(), dev, "echo", Duration.ofMinutes(5));
        Refusal r = Streams.refusal(carol.client(), dev, "web");
        assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(r.reason()).startsWith("no grant for " + carol.name() + " on " + dev + "/web (your live grants on "
                + dev + " cover: echo until ").endsWith("; ask an admin, or: warren access request --device " + dev
                + " --service web");
    }

    @Test
    void anExpiredGrantIsRefusedNamingItAndItsExpiry() throws Exception {
        String dev = device("expired");
        Op dave = newOperator();
        JsonNode grant = relay().grant(dave.name(), dev, "echo", Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(Instant.parse(grant.get("expiresAt")
                .asText())));
        Refusal r = Streams.refusal(dave.client(), dev, "echo");
        assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(r.reason()).startsWith("no live grant for " + dave.name() + " on " + dev + "/echo: grant "
                + grant.get("id").asText() + " (" + dev + "/echo) expired at ");
    }

    @Test
    void aGrantsExpiryCutsItsLiveStreamWithinASecond() throws Exception {
        String dev = device("expiry");
        Op erin = newOperator();
        // the grant's clock runs from its creation; a stream that opened too late on a busy machine proves nothing,
        // so that try is made again with a longer grant (3 s, 6 s, 12 s)
        ExpiryRace.run(Duration.ofSeconds(3), 3, lifetime -> {
            JsonNode grant = relay().grant(erin.name(), dev, "echo", lifetime);
            Instant expiresAt = Instant.parse(grant.get("expiresAt").asText());
            Streams.Live opened;
            try {
                opened = new Streams.Live(erin.client(), dev, "echo");
            } catch (Exception | AssertionError e) {
                ExpiryRace.inTime(expiresAt, Duration.ZERO, "the stream was refused");
                throw e;
            }
            try (Streams.Live live = opened) {
                ExpiryRace.inTime(expiresAt, Duration.ofMillis(500), "the stream was up"); // before: allowed
                Instant ended = live.awaitEnd(lifetime.plusSeconds(10));
                assertThat(Duration.between(expiresAt, ended)).isLessThan(Duration.ofSeconds(1))
                        .isGreaterThan(Duration.ofMillis(-100));
            }
            SessionRecord s = closedSession(erin.name());
            assertThat(s.closeReason()).isEqualTo("GRANT_EXPIRED: grant " + grant.get("id").asText() + " expired at "
                    + expiresAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            Refusal after = Streams.refusal(erin.client(), dev, "echo"); // after: refused
            assertThat(after.code()).isEqualTo(ErrorCode.FORBIDDEN);
        });
    }

    @Test
    void revokingAGrantCutsItsLiveStreamAtOnce() throws Exception {
        String dev = device("revoke");
        Op frank = newOperator();
        String grant = relay().grant(frank.name(), dev, "echo", Duration.ofMinutes(5)).get("id").asText();
        try (Streams.Live live = new Streams.Live(frank.client(), dev, "echo")) {
            Instant revoked = Instant.now();
            relay().admin(HttpMethod.DELETE, "/api/v1/grants/" + grant, null, 204);
            Instant ended = live.awaitEnd(Duration.ofSeconds(5));
            assertThat(Duration.between(revoked, ended)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(closedSession(frank.name()).closeReason()).startsWith("GRANT_EXPIRED: grant " + grant
                + " revoked by admin at ");
        Refusal after = Streams.refusal(frank.client(), dev, "echo");
        assertThat(after.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(after.reason()).contains("grant " + grant + " (" + dev + "/echo) was revoked at ");
    }

    @Test
    void aLabelSelectorGrantCoversEveryServiceOfMatchingDevices() throws Exception {
        String dev = device("plant");
        String site = unique("site");
        relay().admin(HttpMethod.PATCH, "/api/v1/devices/" + dev, Map.of("labels", Map.of("site", site)), 200);
        Op gina = newOperator();
        relay().admin(HttpMethod.POST, "/api/v1/grants", Map.of("user", gina.name(), "selector", Map.of("site", site),
                "service", "*", "ttlSeconds", 300, "reason", "maintenance"), 201);
        try (Streams.Live echoStream = new Streams.Live(gina.client(), dev, "echo");
                Streams.Live webStream = new Streams.Live(gina.client(), dev, "web")) {
            assertThat(echoStream.alive()).isTrue();
            assertThat(webStream.alive()).isTrue();
        }
    }

    @Test
    void auditorsOpenNoStreamsAndUnknownRevokedOrDisabledCredentialsAreRefusedAtHello() throws Exception {
        String dev = device("creds");
        String auditorName = unique("aud");
        OperatorClient auditor = operator(relay().createUser(auditorName, "auditor"));
        Refusal r = Streams.refusal(auditor, dev, "echo");
        assertThat(r.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(r.reason()).isEqualTo("role AUDITOR may not open streams (auditors are read-only)");

        assertHelloRefused("wat1.0123456789abcdef.notARealSecretxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "API token unknown");
        Op hank = newOperator();
        String tokenId = relay().admin(HttpMethod.GET, "/api/v1/users/" + hank.name() + "/tokens", null, 200).get(0)
                .get("id").asText();
        relay().admin(HttpMethod.DELETE, "/api/v1/tokens/" + tokenId, null, 204);
        assertHelloRefused(hank.token(), "API token revoked");
        Op ivy = newOperator();
        relay().admin(HttpMethod.POST, "/api/v1/users/" + ivy.name() + "/disable", null, 200);
        assertHelloRefused(ivy.token(), "user '" + ivy.name() + "' is disabled");
        await().atMost(Duration.ofSeconds(30)).until(() -> relay().server().store().audit().query(
                new AuditQuery(null, "anonymous", "user.login", null, 50)).stream()
                .anyMatch(e -> e.details().getOrDefault("reason", "").contains("is disabled")));
    }

    private void assertHelloRefused(String token, String reason) {
        try (OperatorClient client = new OperatorClient(relay().operator(token))) {
            client.awaitSession(10);
            throw new AssertionError("a session with a bad token");
        } catch (DialException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains(reason);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void revokingTheTokenOfAConnectedOperatorEndsTheirStreamsAndSession() throws Exception {
        String dev = device("tok");
        Op jack = newOperator();
        relay().grant(jack.name(), dev, "echo", Duration.ofMinutes(5));
        try (Streams.Live live = new Streams.Live(jack.client(), dev, "echo")) {
            String tokenId = relay().admin(HttpMethod.GET, "/api/v1/users/" + jack.name() + "/tokens", null, 200)
                    .get(0).get("id").asText();
            relay().admin(HttpMethod.DELETE, "/api/v1/tokens/" + tokenId, null, 204);
            live.awaitEnd(Duration.ofSeconds(2));
        }
        assertThat(closedSession(jack.name()).closeReason()).startsWith("ADMIN_ACTION: API token ");
    }

    @Test
    void aDisabledServiceIsCutAndRefusedUntilEnabled() throws Exception {
        String dev = device("svcoff");
        Op kim = newOperator();
        relay().grant(kim.name(), dev, "*", Duration.ofMinutes(5));
        try (Streams.Live live = new Streams.Live(kim.client(), dev, "echo");
                Streams.Live web = new Streams.Live(kim.client(), dev, "web")) {
            relay().admin(HttpMethod.POST, "/api/v1/devices/" + dev + "/services/echo/disable", null, 200);
            live.awaitEnd(Duration.ofSeconds(2));
            assertThat(web.alive()).as("the other service stays up").isTrue();
        }
        Refusal r = Streams.refusal(kim.client(), dev, "echo");
        assertThat(r.code()).isEqualTo(ErrorCode.NO_SUCH_SERVICE);
        assertThat(r.reason()).isEqualTo("service 'echo' of device '" + dev + "' is disabled by an admin");
        relay().admin(HttpMethod.POST, "/api/v1/devices/" + dev + "/services/echo/enable", null, 200);
        try (Streams.Live again = new Streams.Live(kim.client(), dev, "echo")) {
            assertThat(again.alive()).isTrue();
        }
    }

    @Test
    void anAdminCutsOneLiveSession() throws Exception {
        String dev = device("cut");
        Op lee = newOperator();
        relay().grant(lee.name(), dev, "echo", Duration.ofMinutes(5));
        try (Streams.Live live = new Streams.Live(lee.client(), dev, "echo")) {
            String id = lastSession(lee.name()).id();
            relay().admin(HttpMethod.DELETE, "/api/v1/sessions/" + id, null, 204);
            live.awaitEnd(Duration.ofSeconds(2));
            assertThat(closedSession(lee.name()).closeReason())
                    .isEqualTo("ADMIN_ACTION: session cut by an admin (admin)");
            JsonNode again = relay().admin(HttpMethod.DELETE, "/api/v1/sessions/" + id, null, 409);
            assertThat(again.get("message").asText()).startsWith("session " + id + " already ended at ");
        }
    }

    @Test
    void aDisabledDeviceIsDisconnectedAndRefusedUntilEnabled() throws Exception {
        String name = unique("disabled");
        HostPort e = new HostPort("127.0.0.1", echo.port());
        Agent agent = TestAgents.start(relay(), name, newDir("agent"), Map.of("echo", e));
        closeables.add(agent);
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
        relay().admin(HttpMethod.POST, "/api/v1/devices/" + name + "/disable", Map.of("reason", "lost"), 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !agent.connected());
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.lastFailure() != null
                && agent.lastFailure().contains("device '" + name + "' is disabled by an admin"));
        Refusal r = Streams.refusal(operator(relay().adminToken()), name, "echo");
        // not "offline": an admin must learn that it stays out until enabled
        assertThat(r.code()).isEqualTo(ErrorCode.DEVICE_DISABLED);
        assertThat(r.reason()).isEqualTo("device '" + name + "' is disabled by an admin");
        relay().admin(HttpMethod.POST, "/api/v1/devices/" + name + "/enable", null, 200);
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
        List<AuditEvent> trail = relay().server().store().audit().query(new AuditQuery(null, null, null, null,
                agent.deviceId(), null, 100));
        assertThat(trail).anySatisfy(ev -> {
            assertThat(ev.action()).isEqualTo("device.connect");
            assertThat(ev.outcome()).isEqualTo("refused");
            assertThat(ev.details().get("reason")).isEqualTo("DEVICE_DISABLED: device '" + name
                    + "' is disabled by an admin");
        });
        assertThat(trail).anySatisfy(ev -> assertThat(ev.action()).isEqualTo("device.disable"));
        assertThat(trail).anySatisfy(ev -> assertThat(ev.details().get("reason")).startsWith("DEVICE_DISABLED"));
    }

    @Test
    void disconnectKicksOneDeviceAndTheOthersStay() throws Exception {
        String kicked = device("kick");
        String stays = device("stay");
        Op mo = newOperator();
        relay().grant(mo.name(), stays, "echo", Duration.ofMinutes(5));
        try (Streams.Live live = new Streams.Live(mo.client(), stays, "echo")) {
            JsonNode r = relay().admin(HttpMethod.POST, "/api/v1/devices/" + kicked + "/disconnect", null, 200);
            assertThat(r.get("connectionsClosed").asInt()).isEqualTo(1);
            assertThat(live.alive()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> relay().server().agents().find(kicked) != null);
    }

    @Test
    void aDeletedDevicesCertificateIsRefusedAsRevoked() throws Exception {
        String name = unique("deleted");
        Agent agent = TestAgents.start(relay(), name, newDir("agent"), Map.of("echo",
                new HostPort("127.0.0.1", echo.port())));
        closeables.add(agent);
        await().atMost(Duration.ofSeconds(30)).until(agent::connected);
        relay().admin(HttpMethod.DELETE, "/api/v1/devices/" + name, null, 204);
        await().atMost(Duration.ofSeconds(30)).until(() -> !agent.connected());
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.lastFailure() != null
                && agent.lastFailure().contains("certificate of device '" + name + "' was revoked at "));
        assertThat(agent.lastFailure()).contains("deleted by admin");
    }

    @Test
    void anOperatorWithAUserCertificateFromTheRelayNeedsNoTokenUntilItIsRevoked() throws Exception {
        String dev = device("cert");
        Op nora = newOperator();
        relay().grant(nora.name(), dev, "echo", Duration.ofMinutes(5));
        KeyPair keys = KeyAlgorithm.EC_P256.generate();
        JsonNode issued = relay().api(HttpMethod.POST, "/api/v1/users/me/certificates", nora.token(),
                Map.of("csr", Csr.create(keys, nora.name())), 201);
        X509Certificate cert = Pem.readCertificates(
                issued.get("certificate").asText()).get(0);
        OperatorClient byCert = new OperatorClient(relay().operator(nora.token())
                .withIdentity(new TlsIdentity(keys.getPrivate(), cert)));
        closeables.add(byCert);
        try (Streams.Live live = new Streams.Live(byCert, dev, "echo")) {
            assertThat(live.alive()).isTrue();
            relay().admin(HttpMethod.DELETE, "/api/v1/users/" + nora.name() + "/certificates/"
                    + issued.get("fingerprint").asText(), null, 204);
            live.awaitEnd(Duration.ofSeconds(2));
        }
        assertThat(closedSession(nora.name()).closeReason()).isEqualTo("ADMIN_ACTION: user certificate revoked by admin");
        try (OperatorClient again = new OperatorClient(relay().operator(nora.token())
                .withIdentity(new TlsIdentity(keys.getPrivate(), cert)))) {
            again.awaitSession(10);
            throw new AssertionError("a revoked certificate got a session");
        } catch (DialException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("revoked at");
        }
    }
}
