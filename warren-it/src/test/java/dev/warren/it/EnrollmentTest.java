package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.agent.AgentFiles;
import dev.warren.agent.Enrollment;
import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.BootstrapToken;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.protocol.ProtocolVersion;
import dev.warren.protocol.Role;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.protocol.session.SessionListener;
import dev.warren.testing.RelayExtension;
import dev.warren.transport.DialException;
import dev.warren.transport.DialTarget;
import dev.warren.transport.RelayDialer;
import dev.warren.common.net.EventLoops;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Enrollment gives a device an identity only with a valid token from an authenticated relay; anything else is refused clearly. */
class EnrollmentTest {
    @RegisterExtension
    static final RelayExtension relay = new RelayExtension();

    @Test
    void enrollmentWritesAnOwnerOnlyKeyAndACertificateFromTheRelayCa() throws Exception {
        AgentFiles files = relay.get().enroll("enrolled-1", relay.newDir("e1"));
        assertThat(files.enrolled()).isTrue();
        assertThat(Files.getPosixFilePermissions(files.key()).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(files.identity().chain().get(0).getIssuerX500Principal())
                .isEqualTo(relay.get().server().caCertificate().getSubjectX500Principal());
        assertThat(files.readEnrolled().name()).isEqualTo("enrolled-1");
    }

    @Test
    void aTokenCannotBeUsedTwice() throws Exception {
        String token = relay.get().enrollToken(Duration.ofMinutes(5), 1);
        enroll(token, "once-a");
        assertThatThrownBy(() -> enroll(token, "once-b"))
                .isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("already used (1 of 1 uses)");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String token = relay.get().enrollToken(Duration.ofSeconds(1), 1);
        Thread.sleep(1_500);
        assertThatThrownBy(() -> enroll(token, "late"))
                .isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining("expired at");
    }

    @Test
    void anUnknownTokenIsRefused() throws Exception {
        BootstrapToken real = BootstrapToken.parse(relay.get().enrollToken(Duration.ofMinutes(5), 1));
        String forged = new BootstrapToken("00000000000000ff", real.secret(), real.caPin()).format();
        assertThatThrownBy(() -> enroll(forged, "forged"))
                .isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining("unknown");
    }

    @Test
    void aRelayWhoseCaDoesNotMatchThePinIsNeverTrusted() throws Exception {
        BootstrapToken real = BootstrapToken.parse(relay.get().enrollToken(Duration.ofMinutes(5), 1));
        CertificateAuthority other = CertificateAuthority.create("Impostor CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        String wrongPin = new BootstrapToken(real.id(), real.secret(), Fingerprints.spkiPin(other.certificate())).format();
        assertThatThrownBy(() -> enroll(wrongPin, "pinned"))
                .isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining("is not the relay this token was made for: SPKI pin mismatch")
                .hasMessageNotContaining("cannot reach");
        // the token was never presented, so it still works with the right pin
        enroll(real.format(), "pinned");
    }

    @Test
    void aMalformedTokenIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> enroll("wat1.0123.abc", "x"))
                .isInstanceOf(Enrollment.EnrollmentException.class)
                .hasMessageContaining("does not start with 'wet1.'");
    }

    @Test
    void aDeviceCertificateFromAnotherCaCannotConnect() throws Exception {
        AgentFiles real = relay.get().enroll("victim", relay.newDir("victim"));
        String victimId = real.readEnrolled().deviceId();
        CertificateAuthority other = CertificateAuthority.create("Other CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        IssuedCertificate forged = other.issue(CertificateProfile.client("victim",
                List.of("urn:warren:device:" + victimId), Duration.ofDays(1)), KeyAlgorithm.EC_P256);
        TlsIdentity identity = new TlsIdentity(forged.privateKey(), forged.certificate());
        EventLoopGroup group = EventLoops.group(1, "forger");
        try {
            Future<?> dial = RelayDialer.dial(group, new DialTarget(relay.get().address(),
                            TlsContexts.client(identity, new TrustPolicy.Cas(List.of(relay.get().server().caCertificate())),
                                    ProtocolVersion.ALPN), true),
                    Role.AGENT, SessionConfig.DEFAULTS, Map.of(), new SessionListener() {});
            assertThat(dial.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(dial.isSuccess()).isFalse();
            assertThat(dial.cause()).isInstanceOf(DialException.class);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private void enroll(String token, String name) throws Exception {
        Enrollment.enroll(new Enrollment.Request(relay.get().address(), token, name, Map.of(), false),
                new AgentFiles(relay.newDir(name)));
    }
}
