package dev.warren.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** The agent's JDK-only CSR: read and checked by the relay's reader, and the same request as BouncyCastle's. */
class EcCsrTest {
    private static byte[] info(String pem) throws Exception {
        List<Object> objects = Pem.objects(pem, "CSR");
        return ((PKCS10CertificationRequest) objects.getFirst()).toASN1Structure().getCertificationRequestInfo()
                .getEncoded();
    }

    @Test
    void theRelayReadsItAndItIsBouncyCastlesRequest() throws Exception {
        for (String cn : List.of("dev-1", "plant-b.gateway-07", "d".repeat(64), "gerät-ü")) {
            KeyPair keys = KeyAlgorithm.EC_P256.generate();
            String pem = EcCsr.create(keys, cn);
            assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n")
                    .endsWith("\n-----END CERTIFICATE REQUEST-----\n");
            Csr csr = Csr.parse(pem); // checks the signature: proof of possession
            assertThat(csr.commonName()).isEqualTo(cn);
            assertThat(csr.publicKey()).isEqualTo(keys.getPublic());
            assertThat(info(pem)).as(cn).isEqualTo(info(Csr.create(keys, cn)));
        }
    }

    @Test
    void refusesWhatItDoesNotMake() {
        assertThat(EcCsr.MAX_COMMON_NAME).isEqualTo(CertificateProfile.MAX_COMMON_NAME);
        assertThatThrownBy(() -> EcCsr.create(KeyAlgorithm.EC_P256.generate(), " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commonName");
        assertThatThrownBy(() -> EcCsr.create(KeyAlgorithm.EC_P256.generate(), "d".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commonName");
        for (KeyAlgorithm other : KeyAlgorithm.values()) {
            if (other != KeyAlgorithm.EC_P256) {
                assertThatThrownBy(() -> EcCsr.create(other.generate(), "dev-1")).as(other.name())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: an EC P-256 key");
            }
        }
    }

    @Test
    void derLengthsInBothForms() {
        assertThat(EcCsr.der(0x04, new byte[5])).startsWith(0x04, 5);
        assertThat(EcCsr.der(0x04, new byte[200])).startsWith(0x04, 0x81, 200);
        assertThat(EcCsr.der(0x04, new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2c);
    }
}
