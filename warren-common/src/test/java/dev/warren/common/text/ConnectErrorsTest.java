package dev.warren.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ConnectErrorsTest {
    @Test
    void nettysNativeErrorsKeepOnlyTheSystemsText() {
        IOException refused = new IOException("finishConnect(..) failed with error(-111): Connection refused");
        assertThat(ConnectErrors.describe(new RuntimeException("wrapper", refused))).isEqualTo("Connection refused");
        assertThat(ConnectErrors.describe(new IOException("recvAddress(..) failed with error(-104): Connection reset by peer")))
                .isEqualTo("Connection reset by peer");
        assertThat(ConnectErrors.isTrustFailure(refused)).isFalse();
    }

    @Test
    void aCertificateFromAnotherCaIsSaidSoWithoutThePkixJargon() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException("validator",
                new CertPathBuilderException("unable to find valid certification path to requested target")));
        assertThat(ConnectErrors.describe(handshake)).isEqualTo("its certificate was not issued by the CA this side trusts");
        assertThat(ConnectErrors.isTrustFailure(handshake)).isTrue();
    }

    @Test
    void aPinMismatchKeepsItsOwnMessage() {
        SSLHandshakeException handshake = new SSLHandshakeException("handshake");
        handshake.initCause(new CertificateException("SPKI pin mismatch: no CA certificate in the server's chain has pin X"));
        assertThat(ConnectErrors.describe(handshake)).startsWith("SPKI pin mismatch: no CA certificate");
        assertThat(ConnectErrors.isTrustFailure(handshake)).isTrue();
    }

    @Test
    void anythingElseIsTheInnermostMessageOrClass() {
        assertThat(ConnectErrors.describe(new IOException("outer", new IllegalStateException()))).isEqualTo("IllegalStateException");
        assertThat(ConnectErrors.describe(new IOException("Connection timed out"))).isEqualTo("Connection timed out");
    }
}
