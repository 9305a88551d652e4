package dev.warren.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FingerprintsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void matchOpenssl(KeyAlgorithm algorithm) throws Exception {
        X509Certificate cert = CertificateAuthority.create("CA", algorithm, Duration.ofDays(1)).certificate();
        Files.writeString(dir.resolve("ca.crt"), Pem.encode(cert));

        // "sha256 Fingerprint=AB:CD:..."
        String openssl = Openssl.ok(dir, "x509", "-in", "ca.crt", "-noout", "-fingerprint", "-sha256").trim();
        String colons = openssl.substring(openssl.indexOf('=') + 1);
        assertThat(Fingerprints.display(cert)).isEqualTo("SHA256:" + colons);
        assertThat(Fingerprints.sha256Hex(cert)).isEqualTo(colons.replace(":", "").toLowerCase()).hasSize(64);

        Openssl.Result pin = Openssl.shell(dir, "openssl x509 -in ca.crt -pubkey -noout | openssl pkey -pubin -outform der"
                + " | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\\n'");
        assertThat(pin.exit()).isZero();
        assertThat(Fingerprints.spkiPin(cert)).isEqualTo(pin.output()).hasSize(43);
        assertThat(Fingerprints.spkiPin(cert.getPublicKey())).isEqualTo(pin.output());
    }
}
