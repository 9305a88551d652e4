package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.store.Role;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Users authenticate with client certificates the relay issued them, over real TLS; revocation takes effect at once. */
class UserCertificateTlsTest extends ClientCertificateTestBase {
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

}
