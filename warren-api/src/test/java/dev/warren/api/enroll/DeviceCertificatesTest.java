package dev.warren.api.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceCertificatesTest {
    private static final CertificateAuthority CA =
            CertificateAuthority.create("Test CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));

    @Test
    void theIdRoundTripsThroughACertificate() throws Exception {
        IssuedCertificate issued = CA.issue(DeviceCertificates.profile("dev-42", "d_abcdefghijklmnop",
                Duration.ofDays(1)), KeyAlgorithm.EC_P256);
        assertThat(DeviceCertificates.uri("d_abcdefghijklmnop")).isEqualTo("urn:warren:device:d_abcdefghijklmnop");
        assertThat(DeviceCertificates.deviceId(issued.certificate())).hasValue("d_abcdefghijklmnop");
        assertThat(issued.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=dev-42");
        assertThat(issued.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void certificatesWithoutOneDeviceUriNameNoDevice() {
        IssuedCertificate none = CA.issue(CertificateProfile.client("x", List.of("spiffe://warren/x"),
                Duration.ofDays(1)), KeyAlgorithm.EC_P256);
        IssuedCertificate two = CA.issue(CertificateProfile.client("x",
                List.of("urn:warren:device:d_a", "urn:warren:device:d_b"), Duration.ofDays(1)), KeyAlgorithm.EC_P256);
        IssuedCertificate server = CA.issue(CertificateProfile.server("relay", List.of("relay.example.com"),
                List.of(), Duration.ofDays(1)), KeyAlgorithm.EC_P256);
        assertThat(DeviceCertificates.deviceId(none.certificate())).isEmpty();
        assertThat(DeviceCertificates.deviceId(two.certificate())).isEmpty();
        assertThat(DeviceCertificates.deviceId(server.certificate())).isEmpty();
        assertThat(DeviceCertificates.deviceId(CA.certificate())).isEmpty();
        assertThat(DeviceCertificates.deviceId(null)).isEmpty();
    }

    @Test
    void badIdsAreRefused() {
        assertThatThrownBy(() -> DeviceCertificates.uri("a/b")).hasMessageStartingWith("deviceId: 'a/b'");
        assertThatThrownBy(() -> DeviceCertificates.uri("")).isInstanceOf(IllegalArgumentException.class);
    }
}
