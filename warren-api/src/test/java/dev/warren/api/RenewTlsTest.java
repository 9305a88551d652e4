package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.pki.CertificateProfile;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.Device;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Renewal over real TLS with client certificates, as the relay's port does it (client auth optional). */
class RenewTlsTest extends ClientCertificateTestBase {
    private String name;
    private KeyPair keys;
    private X509Certificate certificate;
    private String deviceId;

    @BeforeEach
    void enrolled() {
        name = unique("renew");
        keys = KeyAlgorithm.EC_P256.generate();
        Http.Resp r = enroll(enrollToken(3600, 1), name, keys);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        certificate = Pem.readCertificates(r.json().get("certificate").asText()).getFirst();
        deviceId = r.json().get("deviceId").asText();
    }

    private Http as(PrivateKey key, X509Certificate cert) {
        return new Http(baseUrl(), client(key, cert));
    }

    private static String csrBody(KeyPair keys, String cn) {
        return Http.JSON.createObjectNode().put("csr", Csr.create(keys, cn)).toString();
    }

    @Test
    void theCurrentCertificateRenewsAndThePreviousOneIsThenRefused() throws Exception {
        KeyPair next = KeyAlgorithm.EC_P256.generate();
        Http.Resp r = as(keys.getPrivate(), certificate).post("/api/v1/devices/self/renew", null, csrBody(next, name));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        X509Certificate renewed = Pem.readCertificates(r.json().get("certificate").asText()).getFirst();
        renewed.verify(ca.certificate().getPublicKey());
        assertThat(renewed.getPublicKey()).isEqualTo(next.getPublic());
        assertThat(renewed.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
        assertThat(dev.warren.api.enroll.DeviceCertificates.deviceId(renewed)).hasValue(deviceId);
        Device device = store.devices().byId(deviceId).orElseThrow();
        assertThat(device.certFingerprint()).isEqualTo(Fingerprints.sha256Hex(renewed));
        assertThat(store.audit().query(new AuditQuery(null, deviceId, "device.renew", null, 10)))
                .extracting(AuditEvent::outcome).containsExactly("ok");

        // the renewed certificate connects (the relay marks the device online): the previous one is done
        store.devices().markOnline(deviceId, "n1", "127.0.0.1:1", "test", java.time.Instant.now());
        Http.Resp old = as(keys.getPrivate(), certificate).post("/api/v1/devices/self/renew", null, csrBody(next, name));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.message()).isEqualTo("client certificate is not the current certificate of device '" + name
                + "' (replaced by a later renewal, and the renewed one has connected since?)");

        Http.Resp again = as(next.getPrivate(), renewed).post("/api/v1/devices/self/renew", null,
                csrBody(KeyAlgorithm.EC_P256.generate(), name));
        assertThat(again.status()).isEqualTo(200);
    }

    @Test
    void anAnswerLostOnTheWayLetsThePreviousCertificateRenewAgainUntilTheRenewedOneConnects() throws Exception {
        KeyPair lost = KeyAlgorithm.EC_P256.generate();
        Http.Resp first = as(keys.getPrivate(), certificate).post("/api/v1/devices/self/renew", null,
                csrBody(lost, name));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        X509Certificate neverArrived = Pem.readCertificates(first.json().get("certificate").asText()).getFirst();

        KeyPair next = KeyAlgorithm.EC_P256.generate();
        Http.Resp retry = as(keys.getPrivate(), certificate).post("/api/v1/devices/self/renew", null,
                csrBody(next, name));
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        X509Certificate renewed = Pem.readCertificates(retry.json().get("certificate").asText()).getFirst();
        assertThat(store.devices().byId(deviceId).orElseThrow().certFingerprint())
                .isEqualTo(Fingerprints.sha256Hex(renewed));

        Http.Resp between = as(lost.getPrivate(), neverArrived).post("/api/v1/devices/self/renew", null,
                csrBody(KeyAlgorithm.EC_P256.generate(), name));
        assertThat(between.status()).as("the certificate the agent never got").isEqualTo(401);
        assertThat(store.audit().query(new AuditQuery(null, deviceId, "device.renew", null, 10)))
                .extracting(AuditEvent::outcome).containsExactly("refused", "ok", "ok");
    }

    @Test
    void withoutAClientCertificateIs401() {
        Http.Resp r = http.post("/api/v1/devices/self/renew", null, csrBody(keys, name));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).startsWith("no client certificate");
    }

    @Test
    void aCertificateThatNamesNoDeviceIs401() {
        IssuedCertificate person = ca.issue(CertificateProfile.client("someone", List.of(), Duration.ofDays(1)),
                KeyAlgorithm.EC_P256);
        Http.Resp r = as(person.privateKey(), person.certificate()).post("/api/v1/devices/self/renew", null,
                csrBody(keys, name));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).startsWith("client certificate 'CN=someone' names no Warren device");
    }

    @Test
    void aDisabledDeviceIs403() {
        store.devices().setDisabled(deviceId, true);
        Http.Resp r = as(keys.getPrivate(), certificate).post("/api/v1/devices/self/renew", null, csrBody(keys, name));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).isEqualTo("device '" + name + "' is disabled");
    }

    @Test
    void aDeletedDeviceIs401() {
        store.devices().delete(deviceId);
        Http.Resp r = as(keys.getPrivate(), certificate).post("/api/v1/devices/self/renew", null, csrBody(keys, name));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).isEqualTo("device " + deviceId + " is not registered (deleted?)");
    }

    @Test
    void aBadCsrIs400AndKeepsTheCertificate() {
        Http.Resp r = as(keys.getPrivate(), certificate).post("/api/v1/devices/self/renew", null,
                "{\"csr\":\"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n-----END CERTIFICATE REQUEST-----\\n\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).startsWith("CSR: ");
        assertThat(store.devices().byId(deviceId).orElseThrow().certFingerprint())
                .isEqualTo(Fingerprints.sha256Hex(certificate));
    }
}
