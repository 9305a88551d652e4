package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.KeyAlgorithm;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** When a device certificate is renewed. */
class CertificateRenewalTest {
    private static final CertificateAuthority CA =
            CertificateAuthority.create("test CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
    private static final X509Certificate THIRTY_DAYS = CA.issue(
            CertificateProfile.client("dev-1", List.of(), Duration.ofDays(30)), KeyAlgorithm.EC_P256).certificate();

    @RepeatedTest(20)
    void byDefaultWhenAThirdOfItsLifeIsLeftOrALittleEarlier() {
        Instant at = renewal(null).renewAt(THIRTY_DAYS);
        Instant notAfter = THIRTY_DAYS.getNotAfter().toInstant();
        Duration life = Duration.between(THIRTY_DAYS.getNotBefore().toInstant(), notAfter);
        Instant third = notAfter.minus(life.dividedBy(3));
        // spread over a twentieth of the margin: devices enrolled together do not renew together
        assertThat(at).isBetween(third.minus(life.dividedBy(3).dividedBy(20)), third);
    }

    @Test
    void withRenewBeforeExactlyThatMuchBeforeExpiry() {
        Instant at = renewal(Duration.ofDays(10)).renewAt(THIRTY_DAYS);
        assertThat(at).isEqualTo(THIRTY_DAYS.getNotAfter().toInstant().minus(Duration.ofDays(10)));
    }

    private static CertificateRenewal renewal(Duration renewBefore) {
        return new CertificateRenewal(new AgentFiles(Path.of("unused")), "dev-1", null, null, renewBefore, null, x -> { },
                Clock.systemUTC());
    }
}
