package dev.warren.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {
    @TempDir
    Path dir;

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void loadsAChainAndAPkcs8KeyOfEachType() throws Exception {
        TestPki.Ca ca = TestPki.Ca.create("CA");
        for (TestPki.Alg alg : TestPki.Alg.values()) {
            TestPki.Leaf leaf = ca.leaf(alg, "s", org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_serverAuth, List.of("s.test"), List.of());
            Files.writeString(dir.resolve("c.crt"), pem("CERTIFICATE", leaf.certificate().getEncoded()) + pem("CERTIFICATE", ca.certificate().getEncoded()));
            Files.writeString(dir.resolve("c.key"), pem("PRIVATE KEY", leaf.keys().getPrivate().getEncoded()));

            TlsIdentity identity = TlsIdentity.load(dir.resolve("c.crt"), dir.resolve("c.key"));
            assertThat(identity.chain()).containsExactly(leaf.certificate(), ca.certificate());
            assertThat(identity.key()).isEqualTo(leaf.keys().getPrivate());
        }
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        TestPki.Ca ca = TestPki.Ca.create("CA");
        TestPki.Leaf a = ca.client("a");
        TestPki.Leaf b = ca.client("b");
        assertThatThrownBy(() -> new TlsIdentity(b.keys().getPrivate(), a.certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key: does not belong to the certificate CN=a");

        Files.writeString(dir.resolve("a.crt"), pem("CERTIFICATE", a.certificate().getEncoded()));
        Files.writeString(dir.resolve("b.key"), pem("PRIVATE KEY", b.keys().getPrivate().getEncoded()));
        assertThatThrownBy(() -> TlsIdentity.load(dir.resolve("a.crt"), dir.resolve("b.key")))
                .hasMessageContaining("b.key").hasMessageContaining("does not belong");
    }

    @Test
    void refusesMissingFilesLegacyAndEncryptedKeysWithHints() throws Exception {
        TestPki.Leaf leaf = TestPki.Ca.create("CA").client("a");
        Files.writeString(dir.resolve("a.crt"), pem("CERTIFICATE", leaf.certificate().getEncoded()));
        assertThatThrownBy(() -> TlsIdentity.load(dir.resolve("a.crt"), dir.resolve("none.key")))
                .hasMessage(dir.resolve("none.key") + ": not found");
        Files.writeString(dir.resolve("legacy.key"), pem("EC PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> TlsIdentity.load(dir.resolve("a.crt"), dir.resolve("legacy.key")))
                .hasMessageContaining("EC PRIVATE KEY (expected: unencrypted PKCS#8").hasMessageContaining("openssl pkcs8 -topk8");
        Files.writeString(dir.resolve("enc.key"), pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> TlsIdentity.load(dir.resolve("a.crt"), dir.resolve("enc.key")))
                .hasMessageContaining("ENCRYPTED PRIVATE KEY");
        assertThatThrownBy(() -> TlsIdentity.load(dir.resolve("enc.key"), dir.resolve("enc.key")))
                .hasMessageContaining("no CERTIFICATE block");
    }

    @Test
    void toStringMasksTheKey() {
        TestPki.Leaf leaf = TestPki.Ca.create("CA").client("device-1");
        String text = leaf.identityWithCa().toString();
        assertThat(text).isEqualTo("TlsIdentity[subject=CN=device-1, chain=2 certificate(s), key=****]");
    }

    @Test
    void spkiPinsAreBase64UrlSha256OfTheSubjectPublicKeyInfo() throws Exception {
        var key = TestPki.Ca.create("CA").certificate().getPublicKey();
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        String pin = SpkiPins.of(key);
        assertThat(pin).hasSize(43).doesNotContain("=", "+", "/");
        assertThat(Base64.getUrlDecoder().decode(pin)).isEqualTo(expected);
        assertThat(SpkiPins.isWellFormed(pin)).isTrue();
        assertThat(SpkiPins.isWellFormed(pin.substring(1))).isFalse();
        assertThat(SpkiPins.isWellFormed("sha256:" + pin)).isFalse();
    }

    @Test
    void providerPropertyChoosesOrRefuses() {
        assertThat(TlsContexts.choose("jdk")).isEqualTo(new TlsContexts.Choice(SslProvider.JDK, null));
        assertThat(TlsContexts.choose("JDK ")).isEqualTo(new TlsContexts.Choice(SslProvider.JDK, null));
        assertThat(TlsContexts.choose(null).provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsContexts.choose("openssl").provider()).isEqualTo(SslProvider.OPENSSL);
        assertThat(TlsContexts.choose("boring").error()).isEqualTo("-Dwarren.tls.provider=boring (expected: jdk, openssl or auto)");
    }
}
