package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.common.tls.TlsContexts;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.store.Role;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Users authenticate with client certificates the relay issued them, over real TLS; revocation takes effect at once. */
class UserCertificateTlsTest extends ApiTestBase {
    private static SslContext serverTls;

    @Override
    SslContext serverTls() {
        if (serverTls == null) {
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

    private static String csrBody(KeyPair keys, String cn) {
        return Http.JSON.createObjectNode().put("csr", Csr.create(keys, cn)).put("ttlSeconds", 3600).toString();
    }

    @Test
    void anOperatorGetsACertificateForTheirOwnKeyAndThenNeedsNoToken() {
        Account alice = account(Role.OPERATOR);
        KeyPair keys = KeyAlgorithm.EC_P256.generate();
        Http.Resp issued = http.post("/api/v1/users/me/certificates", alice.token(), csrBody(keys, alice.name()));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        X509Certificate cert = Pem.readCertificates(issued.json().get("certificate").asText()).getFirst();
        assertThat(issued.json().get("fingerprint").asText()).isEqualTo(Fingerprints.sha256Hex(cert));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + alice.name());

        Http withCert = new Http(baseUrl(), client(keys.getPrivate(), cert));
        Http.Resp me = withCert.get("/api/v1/whoami", null);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("user").asText()).isEqualTo(alice.name());
        assertThat(me.json().get("certFingerprint").asText()).isEqualTo(Fingerprints.sha256Hex(cert));
        assertThat(me.json().get("tokenId").isNull()).isTrue();

        Http.Resp revoke = http.delete("/api/v1/users/" + alice.name() + "/certificates/"
                + Fingerprints.sha256Hex(cert), adminToken);
        assertThat(revoke.status()).isEqualTo(204);
        assertThat(server.relay.calls).anySatisfy(c -> assertThat(c).startsWith("certificateRevoked:"));
        Http.Resp refused = new Http(baseUrl(), client(keys.getPrivate(), cert)).get("/api/v1/whoami", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.message()).startsWith("user certificate " + Fingerprints.sha256Hex(cert).substring(0, 16)
                + "… revoked at ");
    }

    @Test
    void aCertificateTheStoreDoesNotKnowIsRefused() {
        Account bob = account(Role.OPERATOR);
        KeyPair keys = KeyAlgorithm.EC_P256.generate();
        // signed by the CA with a user URI, but never recorded: not issued through the API
        X509Certificate forged = ca.sign(keys.getPublic(), dev.warren.api.auth.UserCertificates.profile(bob.name(),
                bob.user().id(), Duration.ofHours(1)));
        Http.Resp r = new Http(baseUrl(), client(keys.getPrivate(), forged)).get("/api/v1/whoami", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).endsWith("… unknown to this relay");
    }

    @Test
    void anOperatorCannotGetACertificateForSomeoneElse() {
        Account carol = account(Role.OPERATOR);
        Account dave = account(Role.OPERATOR);
        Http.Resp r = http.post("/api/v1/users/" + dave.name() + "/certificates", carol.token(),
                csrBody(KeyAlgorithm.EC_P256.generate(), dave.name()));
        assertThat(r.status()).isEqualTo(404);
        assertThat(http.post("/api/v1/users/me/certificates", carol.token(), "{\"csr\":\"not a csr\"}").message())
                .startsWith("csr: ");
    }

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
