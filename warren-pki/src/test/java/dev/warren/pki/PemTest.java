package dev.warren.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void keysRoundTripAndOpensslReadsThem(KeyAlgorithm algorithm) {
        PrivateKey key = algorithm.generate().getPrivate();
        String pem = Pem.encode(key);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
        assertThat(Pem.readPrivateKey(pem)).isEqualTo(key);

        Pem.writeSecret(dir.resolve("k.pem"), pem);
        Openssl.ok(dir, "pkey", "-in", "k.pem", "-noout");
        // openssl's own PKCS#8 output of the same key reads back to the same key
        Openssl.ok(dir, "pkey", "-in", "k.pem", "-out", "k2.pem");
        assertThat(Pem.readPrivateKey(dir.resolve("k2.pem"))).isEqualTo(key);
    }

    @Test
    void readsLegacyEcKeyFromOpensslEcparam() {
        Openssl.ok(dir, "ecparam", "-genkey", "-name", "prime256v1", "-out", "ec.pem");
        assertThat(readString("ec.pem")).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        PrivateKey key = Pem.readPrivateKey(dir.resolve("ec.pem"));
        assertThat(key).isInstanceOf(ECPrivateKey.class);
        assertSamePublicKey(key, "ec.pem");
    }

    @Test
    void readsLegacyRsaKeyFromOpensslGenrsaTraditional() {
        Openssl.ok(dir, "genrsa", "-traditional", "-out", "rsa.pem", "2048");
        assertThat(readString("rsa.pem")).contains("BEGIN RSA PRIVATE KEY");
        PrivateKey key = Pem.readPrivateKey(dir.resolve("rsa.pem"));
        assertThat(key).isInstanceOf(RSAPrivateKey.class);
        assertSamePublicKey(key, "rsa.pem");
    }

    @Test
    void readsEd25519KeyFromOpenssl() {
        Openssl.ok(dir, "genpkey", "-algorithm", "ed25519", "-out", "ed.pem");
        assertSamePublicKey(Pem.readPrivateKey(dir.resolve("ed.pem")), "ed.pem");
    }

    /** Signs with our reading of the key, verifies with openssl's idea of the public key. */
    private void assertSamePublicKey(PrivateKey key, String file) {
        Openssl.ok(dir, "req", "-x509", "-key", file, "-out", file + ".crt", "-subj", "/CN=x", "-days", "1");
        X509Certificate cert = Pem.readCertificates(dir.resolve(file + ".crt")).getFirst();
        CertificateAuthority.of(asCa(cert, key), key); // fails unless key and certificate are one pair
    }

    /** openssl req -x509 makes CA:TRUE certificates by default, so CertificateAuthority.of serves as a pair check. */
    private static X509Certificate asCa(X509Certificate cert, PrivateKey key) {
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        return cert;
    }

    @Test
    void refusesEncryptedKeysWithAHint() {
        Openssl.ok(dir, "genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:secret", "-out", "enc.pem");
        assertThatThrownBy(() -> Pem.readPrivateKey(dir.resolve("enc.pem")))
                .isInstanceOf(PkiException.class).hasMessageContaining("encrypted").hasMessageContaining("openssl pkey");
    }

    @Test
    void readsCombinedFilesAndChains() {
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        IssuedCertificate leaf = ca.issue(CertificateProfile.server("s", List.of("s.example"), List.of(), Duration.ofHours(1)), KeyAlgorithm.EC_P256);
        // HAProxy style: certificate, chain and key in one file
        String combined = Pem.encode(leaf.certificate(), ca.certificate()) + leaf.privateKeyPem();
        assertThat(Pem.readCertificates(combined)).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(Pem.readPrivateKey(combined)).isEqualTo(leaf.privateKey());
    }

    @Test
    void refusesMissingEmptyAndWrongContent() {
        assertThatThrownBy(() -> Pem.readCertificates(dir.resolve("missing.crt")))
                .isInstanceOf(PkiException.class).hasMessage("certificate file " + dir.resolve("missing.crt") + ": not found");
        assertThatThrownBy(() -> Pem.readCertificates("")).isInstanceOf(PkiException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.encode(CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, Duration.ofDays(1)).certificate())))
                .isInstanceOf(PkiException.class).hasMessageContaining("no private key");
        String two = Pem.encode(KeyAlgorithm.EC_P256.generate().getPrivate()) + Pem.encode(KeyAlgorithm.EC_P256.generate().getPrivate());
        assertThatThrownBy(() -> Pem.readPrivateKey(two)).isInstanceOf(PkiException.class).hasMessageContaining("more than one");
    }

    @Test
    void writeSecretIsOwnerOnlyEvenOverAReadableFileAndLeavesNoTemporaries() throws Exception {
        Path file = dir.resolve("secret.key");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        Pem.writeSecret(file, "new secret\n");

        assertThat(Files.readString(file)).isEqualTo("new secret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.key");
        }
        Pem.writePublic(dir.resolve("public.crt"), "x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("public.crt")))).isEqualTo("rw-r--r--");
    }

    @Test
    void writeSecretMakesMissingDirectoriesOwnerOnly() throws Exception {
        Path file = dir.resolve("new/keys/a.key");
        Pem.writeSecret(file, "s");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new/keys")))).isEqualTo("rwx------");
    }

    private String readString(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
