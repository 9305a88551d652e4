package dev.warren.api;

import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The API over real TLS with optional client authentication, as the relay's port serves it. */
abstract class ClientCertificateTestBase extends ApiTestBase {
    private static SslContext serverTls;
    /** The CA {@link #serverTls} was made for: each test class has its own. */
    private static X509Certificate serverTlsCa;

    @Override
    SslContext serverTls() {
        if (serverTls == null || !ca.certificate().equals(serverTlsCa)) {
            serverTlsCa = ca.certificate();
            IssuedCertificate server = ca.issue(CertificateProfile.server("localhost", List.of("localhost"),
                    List.of("127.0.0.1"), Duration.ofDays(1)), KeyAlgorithm.EC_P256);
            serverTls = TlsContexts.server(new TlsIdentity(server.privateKey(), server.certificate(), ca.certificate()),
                    List.of(ca.certificate()), ClientAuth.OPTIONAL);
        }
        return serverTls;
    }

    @Override
    SSLContext clientTls() {
        return client(null, null);
    }

    /** A JDK client context trusting the test CA, presenting {@code cert} (for {@code key}) when given. */
    static SSLContext client(PrivateKey key, X509Certificate cert) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (key != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("me", key, "x".toCharArray(), new Certificate[] {cert, ca.certificate()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, "x".toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
