package dev.warren.common.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class KeyPairProbeTest {
    private static KeyPair pair(String algorithm) throws Exception {
        return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    }

    @Test
    void theTwoHalvesOfOnePairMatch() throws Exception {
        KeyPair ec = pair("EC");
        KeyPair ed = pair("Ed25519");
        assertThat(KeyPairProbe.signsFor(ec.getPrivate(), ec.getPublic(), "SHA256withECDSA")).isTrue();
        assertThat(KeyPairProbe.signsFor(ed.getPrivate(), ed.getPublic(), "Ed25519")).isTrue();
    }

    @Test
    void halvesOfDifferentPairsOrAnAlgorithmTheKeyCannotMakeDoNot() throws Exception {
        KeyPair one = pair("EC");
        KeyPair other = pair("EC");
        assertThat(KeyPairProbe.signsFor(one.getPrivate(), other.getPublic(), "SHA256withECDSA")).isFalse();
        assertThat(KeyPairProbe.signsFor(one.getPrivate(), one.getPublic(), "SHA256withRSA")).isFalse();
        assertThat(KeyPairProbe.signsFor(one.getPrivate(), one.getPublic(), "NoSuchAlgorithm")).isFalse();
    }
}
