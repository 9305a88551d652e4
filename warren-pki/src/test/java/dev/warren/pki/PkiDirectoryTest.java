package dev.warren.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory behind {@code warren pki}: files openssl reads, renewals that keep names, a listing. */
class PkiDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void issuedFilesAreWhereAndHowOpensslAndHaproxyWantThem() throws Exception {
        PkiDirectory pki = PkiDirectory.init(dir, "Plant CA", KeyAlgorithm.EC_P256, Duration.ofDays(365));
        pki.issue("node1", List.of(), List.of("10.0.0.1"), List.of("spiffe://plant/node1"),
                CertificateProfile.Usage.SERVER_AND_CLIENT, Duration.ofDays(90), KeyAlgorithm.EC_P256, true);
        assertThat(mode("ca.key")).isEqualTo("rw-------");
        assertThat(mode("node1.key")).isEqualTo("rw-------");
        assertThat(mode("node1.pem")).isEqualTo("rw-------");
        assertThat(mode("node1.crt")).isEqualTo("rw-r--r--");
        Openssl.ok(dir, "verify", "-CAfile", "ca.crt", "node1.crt");
        assertThat(Openssl.ok(dir, "x509", "-in", "node1.pem", "-noout", "-text"))
                .contains("IP Address:10.0.0.1", "URI:spiffe://plant/node1", "TLS Web Server Authentication",
                        "TLS Web Client Authentication");
        Openssl.ok(dir, "pkey", "-in", "node1.pem", "-noout");
        assertThatThrownBy(() -> PkiDirectory.init(dir, "Again", KeyAlgorithm.EC_P256, Duration.ofDays(1)))
                .hasMessageContaining("already holds a CA");
        assertThatThrownBy(() -> pki.issue("node1", List.of(), List.of(), List.of(), CertificateProfile.Usage.CLIENT,
                Duration.ofDays(1), KeyAlgorithm.EC_P256, false)).hasMessageContaining("warren pki renew node1");
        assertThatThrownBy(() -> pki.issue("../x", List.of(), List.of(), List.of(), CertificateProfile.Usage.CLIENT,
                Duration.ofDays(1), KeyAlgorithm.EC_P256, false)).hasMessageContaining("name: '../x'");
    }

    @Test
    void aNameThatIsADnsNameBecomesTheDnsSanWhenNoneIsGiven() {
        PkiDirectory pki = PkiDirectory.init(dir, "Plant CA", KeyAlgorithm.EC_P256, Duration.ofDays(365));
        pki.issue("ctl.plant.example", null, null, null, CertificateProfile.Usage.SERVER, Duration.ofDays(1),
                KeyAlgorithm.EC_P256, false);
        IssuedEntry e = pki.list().getFirst();
        assertThat(e.dnsNames()).containsExactly("ctl.plant.example");
        assertThat(e.usage()).isEqualTo(CertificateProfile.Usage.SERVER);
    }

    @Test
    void renewalKeepsNamesUsageAndKeyTypeWithANewKeyAndSerial() throws Exception {
        PkiDirectory pki = PkiDirectory.init(dir, "Plant CA", KeyAlgorithm.EC_P256, Duration.ofDays(365));
        IssuedCertificate first = pki.issue("edge", List.of("edge.example"), List.of("::1"), List.of("spiffe://plant/edge"),
                CertificateProfile.Usage.CLIENT, Duration.ofDays(30), KeyAlgorithm.RSA_3072, true);
        IssuedCertificate renewed = pki.renew("edge", null);
        assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
        assertThat(renewed.privateKey().getEncoded()).isNotEqualTo(first.privateKey().getEncoded());
        assertThat(renewed.privateKey().getAlgorithm()).isEqualTo("RSA");
        IssuedEntry e = pki.list().getFirst();
        assertThat(e.name()).isEqualTo("edge");
        assertThat(e.subjectAlternativeNames()).isEqualTo("DNS:edge.example, IP:::1, URI:spiffe://plant/edge");
        assertThat(e.usage()).isEqualTo(CertificateProfile.Usage.CLIENT);
        assertThat(Duration.between(java.time.Instant.now(), e.notAfter()).toDays()).isBetween(29L, 30L);
        assertThat(Files.readString(dir.resolve("edge.pem"))).startsWith(renewed.certificatePem());
        Openssl.ok(dir, "verify", "-CAfile", "ca.crt", "edge.crt");
        assertThatThrownBy(() -> pki.renew("nobody", null)).hasMessageContaining("not issued").hasMessageContaining("edge");
    }

    private String mode(String file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file)));
    }
}
