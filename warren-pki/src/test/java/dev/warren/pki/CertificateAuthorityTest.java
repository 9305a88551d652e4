package dev.warren.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    private static final Duration YEAR = Duration.ofDays(365);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void caCertificateIsSelfSignedCriticalCaWithKeyIdentifiers(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Warren Test CA", algorithm, Duration.ofDays(3650));
        X509Certificate cert = ca.certificate();

        cert.verify(cert.getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=Warren Test CA");
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(cert.getExtensionValue("2.5.29.14")).as("SKI").isNotNull();
        assertThat(cert.getExtensionValue("2.5.29.35")).as("AKI").isNotNull();

        Files.writeString(dir.resolve("ca.crt"), Pem.encode(cert));
        String text = Openssl.ok(dir, "x509", "-in", "ca.crt", "-text", "-noout");
        assertThat(text).contains("X509v3 Basic Constraints: critical", "CA:TRUE", "Certificate Sign, CRL Sign",
                "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier");
        Openssl.ok(dir, "verify", "-CAfile", "ca.crt", "ca.crt");
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void serverLeafOfEachAlgorithmVerifiesWithOpenssl(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Warren Test CA", KeyAlgorithm.EC_P256, YEAR);
        Instant before = Instant.now();
        IssuedCertificate leaf = ca.issue(
                CertificateProfile.server("relay", List.of("relay.example.com", "localhost"), List.of("10.0.0.1", "::1"), Duration.ofDays(90)),
                algorithm);
        X509Certificate cert = leaf.certificate();

        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getKeyUsage()[2]).as("keyEncipherment only for RSA").isEqualTo(algorithm == KeyAlgorithm.RSA_3072);
        assertThat(cert.getSerialNumber()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isBetween(100, 128);
        assertThat(cert.getNotBefore().toInstant()).isBetween(before.minus(Duration.ofMinutes(6)), before.minus(Duration.ofMinutes(4)));
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());

        Files.writeString(dir.resolve("ca.crt"), Pem.encode(ca.certificate()));
        Files.writeString(dir.resolve("leaf.crt"), leaf.certificatePem());
        Pem.writeSecret(dir.resolve("leaf.key"), leaf.privateKeyPem());
        assertThat(Openssl.ok(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "leaf.crt")).contains("leaf.crt: OK");
        String text = Openssl.ok(dir, "x509", "-in", "leaf.crt", "-text", "-noout");
        assertThat(text).contains("DNS:relay.example.com", "DNS:localhost", "IP Address:10.0.0.1", "IP Address:0:0:0:0:0:0:0:1",
                "TLS Web Server Authentication", "CA:FALSE");
        Openssl.ok(dir, "pkey", "-in", "leaf.key", "-noout");
        // the key file's public half is the certificate's
        assertThat(Openssl.ok(dir, "pkey", "-in", "leaf.key", "-pubout"))
                .isEqualTo(Openssl.ok(dir, "x509", "-in", "leaf.crt", "-pubkey", "-noout"));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void clientLeafUnderEachCaAlgorithmVerifiesWithOpenssl(KeyAlgorithm caAlgorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Warren CA " + caAlgorithm, caAlgorithm, YEAR);
        IssuedCertificate leaf = ca.issue(
                CertificateProfile.client("device-1", List.of("spiffe://warren/device/d-1"), Duration.ofDays(30)), KeyAlgorithm.EC_P256);

        Files.writeString(dir.resolve("ca.crt"), Pem.encode(ca.certificate()));
        Files.writeString(dir.resolve("leaf.crt"), leaf.certificatePem());
        assertThat(Openssl.ok(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "leaf.crt")).contains("leaf.crt: OK");
        assertThat(Openssl.run(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "leaf.crt").exit())
                .as("a client certificate is no server certificate").isNotZero();
        assertThat(Openssl.ok(dir, "x509", "-in", "leaf.crt", "-text", "-noout"))
                .contains("URI:spiffe://warren/device/d-1", "TLS Web Client Authentication");
    }

    @Test
    void serverAndClientUsageHasBothPurposes() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, YEAR);
        X509Certificate cert = ca.issue(new CertificateProfile("both", List.of("both.example"), List.of(), List.of(),
                CertificateProfile.Usage.SERVER_AND_CLIENT, YEAR), KeyAlgorithm.ED25519).certificate();
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    }

    @Test
    void saveWritesOwnerOnlyKeyAndLoadReadsItBack() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("Saved CA", KeyAlgorithm.EC_P256, YEAR);
        Path cert = dir.resolve("pki/ca.crt");
        Path key = dir.resolve("pki/ca.key");
        ca.save(cert, key);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        try (var files = Files.list(dir.resolve("pki"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.crt", "ca.key");
        }

        CertificateAuthority loaded = CertificateAuthority.load(cert, key);
        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        X509Certificate leaf = loaded.issue(CertificateProfile.server("s", List.of("s.example"), List.of(), YEAR), KeyAlgorithm.EC_P256).certificate();
        leaf.verify(ca.certificate().getPublicKey());
    }

    @Test
    void loadRefusesMissingAndMismatchedFilesClearly() {
        CertificateAuthority a = CertificateAuthority.create("A", KeyAlgorithm.EC_P256, YEAR);
        CertificateAuthority b = CertificateAuthority.create("B", KeyAlgorithm.EC_P256, YEAR);
        a.save(dir.resolve("a.crt"), dir.resolve("a.key"));
        b.save(dir.resolve("b.crt"), dir.resolve("b.key"));

        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("nope.crt"), dir.resolve("a.key")))
                .isInstanceOf(PkiException.class).hasMessageContaining("nope.crt").hasMessageContaining("not found");
        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("a.crt"), dir.resolve("nope.key")))
                .isInstanceOf(PkiException.class).hasMessageContaining("nope.key").hasMessageContaining("not found");
        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("a.crt"), dir.resolve("b.key")))
                .isInstanceOf(PkiException.class).hasMessageContaining("does not belong to the certificate");
        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("a.key"), dir.resolve("a.key")))
                .isInstanceOf(PkiException.class).hasMessageContaining("no CERTIFICATE");
    }

    @Test
    void loadRefusesALeafAsCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, YEAR);
        IssuedCertificate leaf = ca.issue(CertificateProfile.client("c", List.of(), YEAR), KeyAlgorithm.EC_P256);
        Files.writeString(dir.resolve("leaf.crt"), leaf.certificatePem());
        Files.writeString(dir.resolve("leaf.key"), leaf.privateKeyPem());
        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("leaf.crt"), dir.resolve("leaf.key")))
                .isInstanceOf(PkiException.class).hasMessageContaining("not a CA certificate");
    }

    @Test
    void loadsACaMadeByOpensslAndIssuesUnderIt() throws Exception {
        Openssl.ok(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-days", "30", "-subj", "/O=Example/CN=OpenSSL CA");
        CertificateAuthority ca = CertificateAuthority.load(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        IssuedCertificate leaf = ca.issue(CertificateProfile.server("s", List.of("s.example"), List.of(), YEAR), KeyAlgorithm.RSA_3072);
        Files.writeString(dir.resolve("leaf.crt"), leaf.certificatePem());

        assertThat(leaf.certificate().getNotAfter()).isEqualTo(ca.certificate().getNotAfter()); // cut to the CA's end
        assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThat(Openssl.ok(dir, "verify", "-CAfile", "ca.crt", "leaf.crt")).contains("leaf.crt: OK");
    }

    @Test
    void refusesWeakSubjectKeys() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, YEAR);
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertThatThrownBy(() -> ca.sign(rsa.generateKeyPair().getPublic(), CertificateProfile.client("c", List.of(), YEAR)))
                .isInstanceOf(PkiException.class).hasMessageContaining("RSA 1024 bits (expected:");
    }

    @Test
    void serialsAreRandom() {
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, YEAR);
        BigInteger first = ca.issue(CertificateProfile.client("c", List.of(), YEAR), KeyAlgorithm.EC_P256).certificate().getSerialNumber();
        BigInteger second = ca.issue(CertificateProfile.client("c", List.of(), YEAR), KeyAlgorithm.EC_P256).certificate().getSerialNumber();
        assertThat(first).isNotEqualTo(second).isNotEqualTo(ca.certificate().getSerialNumber());
    }

    @Test
    void toStringsNeverShowTheKey() {
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, YEAR);
        IssuedCertificate leaf = ca.issue(CertificateProfile.client("c", List.of(), YEAR), KeyAlgorithm.EC_P256);
        String keyBody = leaf.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
        assertThat(leaf.toString()).contains("privateKey=****").doesNotContain(keyBody).doesNotContain("PRIVATE");
        assertThat(ca.toString()).contains("key=****");
    }

    @Test
    void profilesRejectBadNamesWithSpecificMessages() {
        assertThatThrownBy(() -> CertificateProfile.server("s", List.of("bad name"), List.of(), YEAR))
                .hasMessageContaining("dnsNames: 'bad name'");
        assertThatThrownBy(() -> CertificateProfile.server("s", List.of(), List.of("relay.example.com"), YEAR))
                .hasMessageContaining("ipAddresses: 'relay.example.com' (expected: an IPv4 or IPv6 literal)");
        assertThatThrownBy(() -> CertificateProfile.client("c", List.of("not a uri"), YEAR)).hasMessageContaining("uris: 'not a uri'");
        assertThatThrownBy(() -> CertificateProfile.client("c", List.of(), Duration.ZERO)).hasMessage("validity: PT0S (expected: > 0)");
        assertThatThrownBy(() -> CertificateProfile.client("x".repeat(65), List.of(), YEAR)).hasMessageContaining("65 characters");
        assertThat(CertificateProfile.server("s", List.of("*.Example.COM"), List.of(), YEAR).dnsNames()).containsExactly("*.example.com");
    }

    @Test
    void commonNameIsALiteralNotParsed() {
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, YEAR);
        X509Certificate cert = ca.issue(CertificateProfile.client("evil,O=Admins", List.of(), YEAR), KeyAlgorithm.EC_P256).certificate();
        var subject = org.bouncycastle.asn1.x500.X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        assertThat(subject.getRDNs()).hasSize(1);
        assertThat(subject.getRDNs()[0].getFirst().getValue().toString()).isEqualTo("evil,O=Admins");
    }
}
