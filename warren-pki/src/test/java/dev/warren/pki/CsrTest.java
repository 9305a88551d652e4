package dev.warren.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CsrTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void roundTripsAndOpensslVerifiesIt(KeyAlgorithm algorithm) throws Exception {
        KeyPair pair = algorithm.generate();
        String pem = Csr.create(pair, "device-42");
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");

        Csr csr = Csr.parse(pem);
        assertThat(csr.commonName()).isEqualTo("device-42");
        assertThat(csr.publicKey()).isEqualTo(pair.getPublic());
        assertThat(csr.toString()).contains("device-42").contains(Fingerprints.spkiPin(pair.getPublic()));

        Files.writeString(dir.resolve("req.csr"), pem);
        assertThat(Openssl.ok(dir, "req", "-in", "req.csr", "-verify", "-noout")).contains("verif"); // "Certificate request self-signature verify OK"

        // and the CA signs the key it proved to hold
        CertificateAuthority ca = CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        ca.sign(csr.publicKey(), CertificateProfile.client(csr.commonName(), List.of(), Duration.ofHours(1)))
                .verify(ca.certificate().getPublicKey());
    }

    @Test
    void readsACsrMadeByOpenssl() {
        Openssl.ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-out", "r.csr", "-subj", "/O=Elsewhere/CN=agent-7");
        Csr csr = Csr.parse(readString(dir.resolve("r.csr")));
        assertThat(csr.commonName()).isEqualTo("agent-7");
        assertThat(csr.publicKey()).isEqualTo(Pem.readCertificates(selfSigned()).getFirst().getPublicKey());
    }

    private String selfSigned() {
        Openssl.ok(dir, "req", "-x509", "-key", "k.pem", "-out", "c.crt", "-subj", "/CN=x", "-days", "1");
        return readString(dir.resolve("c.crt"));
    }

    @Test
    void refusesATamperedCsr() {
        String pem = Csr.create(KeyAlgorithm.EC_P256.generate(), "device-42");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        // turn the CN "device-42" into "device-43": same length, so the DER stays well-formed, the signature breaks
        String asText = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = asText.indexOf("device-42");
        assertThat(at).isPositive();
        der[at + 8] = '3';
        String tampered = Pem.block("CERTIFICATE REQUEST", der);

        assertThatThrownBy(() -> Csr.parse(tampered))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("CSR: ")
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void refusesACsrWhoseKeyIsSwapped() {
        // proof of possession: the key in the request must be the one that signed it
        KeyPair signer = KeyAlgorithm.EC_P256.generate();
        KeyPair other = KeyAlgorithm.EC_P256.generate();
        byte[] der = Base64.getMimeDecoder().decode(Csr.create(signer, "x").replaceAll("-----[A-Z ]+-----", ""));
        byte[] signerKey = signer.getPublic().getEncoded();
        byte[] otherKey = other.getPublic().getEncoded();
        int at = indexOf(der, signerKey);
        System.arraycopy(otherKey, 0, der, at, otherKey.length);

        assertThatThrownBy(() -> Csr.parse(Pem.block("CERTIFICATE REQUEST", der)))
                .isInstanceOf(PkiException.class).hasMessageContaining("signature does not verify");
    }

    @Test
    void refusesGarbageWithCsrMessages() {
        assertThatThrownBy(() -> Csr.parse(null)).isInstanceOf(PkiException.class).hasMessageStartingWith("CSR: empty");
        assertThatThrownBy(() -> Csr.parse("hello")).isInstanceOf(PkiException.class).hasMessageStartingWith("CSR: ");
        assertThatThrownBy(() -> Csr.parse("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"))
                .isInstanceOf(PkiException.class).hasMessageStartingWith("CSR: malformed PEM");
        String cert = Pem.encode(CertificateAuthority.create("CA", KeyAlgorithm.EC_P256, Duration.ofDays(1)).certificate());
        assertThatThrownBy(() -> Csr.parse(cert)).isInstanceOf(PkiException.class).hasMessageContaining("not a single CERTIFICATE REQUEST");
        assertThatThrownBy(() -> Csr.parse("x".repeat(Csr.MAX_PEM_CHARS + 1))).hasMessageStartingWith("CSR: ").hasMessageContaining("at most");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
