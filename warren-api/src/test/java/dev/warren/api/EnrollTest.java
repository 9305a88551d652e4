package dev.warren.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warren.api.enroll.BootstrapTokens;
import dev.warren.api.enroll.DeviceCertificates;
import dev.warren.pki.BootstrapToken;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.Device;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnrollTest extends ApiTestBase {

    @Test
    void enrollmentSignsADeviceCertificateAndRegistersTheDevice() throws Exception {
        String token = enrollToken(3600, 1);
        String name = unique("dev");
        KeyPair keys = KeyAlgorithm.EC_P256.generate();
        Instant before = Instant.now();

        Http.Resp r = enroll(token, name, keys);

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        String deviceId = body.get("deviceId").asText();
        assertThat(body.get("name").asText()).isEqualTo(name);
        X509Certificate cert = Pem.readCertificates(body.get("certificate").asText()).getFirst();
        assertThat(Pem.readCertificates(body.get("caCertificate").asText())).containsExactly(ca.certificate());
        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
        assertThat(DeviceCertificates.deviceId(cert)).hasValue(deviceId);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        assertThat(cert.getNotAfter().toInstant()).isBetween(before.plus(ApiServer.DEVICE_CERT_VALIDITY).minusSeconds(5),
                Instant.now().plus(ApiServer.DEVICE_CERT_VALIDITY).plusSeconds(5));

        Device device = store.devices().byId(deviceId).orElseThrow();
        assertThat(device.name()).isEqualTo(name);
        assertThat(device.certFingerprint()).isEqualTo(Fingerprints.sha256Hex(cert));
        assertThat(device.certNotAfter()).isEqualTo(cert.getNotAfter().toInstant().truncatedTo(ChronoUnit.MICROS));
        assertThat(device.labels()).containsEntry("site", "lab");

        List<AuditEvent> events = store.audit().query(new AuditQuery(null, deviceId, "device.enroll", null, 10));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.target()).isEqualTo(name);
            assertThat(e.sourceAddress()).isEqualTo("127.0.0.1");
            assertThat(e.details()).containsEntry("tokenId", BootstrapTokens.parse(token).id())
                    .containsEntry("agentVersion", "0.1.0-test");
        });
    }

    @Test
    void aOneUseTokenIsRefusedTheSecondTime() {
        String token = enrollToken(3600, 1);
        assertThat(enroll(token, unique("first")).status()).isEqualTo(201);

        String second = unique("second");
        Http.Resp r = enroll(token, second);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).isEqualTo("unauthenticated");
        assertThat(r.message()).isEqualTo("enrollment token already used (1 of 1 uses)");
        assertThat(store.devices().byName(second)).isEmpty();

        List<AuditEvent> refused = store.audit().query(new AuditQuery(null, null, "device.enroll", second, 10));
        assertThat(refused).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("refused");
            assertThat(e.details()).containsEntry("reason", "enrollment token already used (1 of 1 uses)");
        });
    }

    @Test
    void aTokenWithThreeUsesEnrollsThreeDevices() {
        String token = enrollToken(3600, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(enroll(token, unique("many")).status()).isEqualTo(201);
        }
        assertThat(enroll(token, unique("many")).message()).isEqualTo("enrollment token already used (3 of 3 uses)");
    }

    @Test
    void concurrentEnrollmentsTakeExactlyTheTokensUses() throws Exception {
        String token = enrollToken(3600, 3);
        List<java.util.concurrent.Future<Http.Resp>> calls = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 6; i++) {
                String name = unique("race");
                calls.add(pool.submit(() -> enroll(token, name)));
            }
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        for (var call : calls) {
            statuses.add(call.get().status());
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(3);
    }

    @Test
    void anExpiredTokenIsRefusedWithItsExpiry() {
        String token = enrollToken(60, 1);
        Instant expiresAt = store.enrollTokens().byId(BootstrapTokens.parse(token).id()).orElseThrow().expiresAt();
        server.clock.advance(Duration.ofSeconds(61));

        Http.Resp r = enroll(token, unique("late"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).isEqualTo("enrollment token expired at " + expiresAt.truncatedTo(ChronoUnit.SECONDS));
    }

    @Test
    void aWrongSecretIsRefused() {
        BootstrapToken real = BootstrapTokens.parse(enrollToken(3600, 1));
        BootstrapToken other = BootstrapTokens.issue(real.caPin()).token();
        String forged = new BootstrapToken(real.id(), other.secret(), real.caPin()).format();

        Http.Resp r = enroll(forged, unique("forged"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).isEqualTo("enrollment token secret does not match");
        assertThat(store.enrollTokens().byId(real.id()).orElseThrow().uses()).isZero();
    }

    @Test
    void anUnknownTokenIsRefused() {
        String unknown = BootstrapTokens.issue(Fingerprints.spkiPin(ca.certificate())).text();
        Http.Resp r = enroll(unknown, unique("nobody"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).isEqualTo("enrollment token unknown");
    }

    @Test
    void aTokenOfAnotherRelayIsRefused() {
        CertificateAuthority other = CertificateAuthority.create("Other CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        String foreign = BootstrapTokens.issue(Fingerprints.spkiPin(other.certificate())).text();
        Http.Resp r = enroll(foreign, unique("elsewhere"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).startsWith("enrollment token is for another relay");
    }

    @Test
    void aMalformedTokenIs400() {
        Http.Resp r = enroll("wat1.0123456789abcdef.abc", unique("wrongkind"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).startsWith("enrollment token: does not start with 'wet1.'");

        Http.Resp parts = enroll("wet1.0123456789abcdef", unique("short"));
        assertThat(parts.status()).isEqualTo(400);
        assertThat(parts.message()).contains("dot-separated parts");
    }

    @Test
    void aTakenNameIs409AndDoesNotSpendTheToken() {
        String name = unique("taken");
        assertThat(enroll(enrollToken(3600, 1), name).status()).isEqualTo(201);

        String token = enrollToken(3600, 1);
        Http.Resp r = enroll(token, name);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo("conflict");
        assertThat(r.message()).startsWith("device name '" + name + "' is already taken");
        assertThat(store.enrollTokens().byId(BootstrapTokens.parse(token).id()).orElseThrow().uses()).isZero();

        assertThat(enroll(token, unique("other")).status()).isEqualTo(201);
    }

    @Test
    void invalidNamesAre400() {
        String token = enrollToken(3600, 1);
        assertThat(enroll(token, "Dev-42").message()).isEqualTo("name: 'Dev-42' (expected: lowercase)");
        assertThat(enroll(token, "-dev").message()).startsWith("name: '-dev' (expected: a-z, 0-9");
        Http.Resp tooLong = http.post("/api/v1/enroll", null, enrollBody(token, "a".repeat(64),
                Csr.create(KeyAlgorithm.EC_P256.generate(), "a")));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.message()).isEqualTo("name: 64 characters (expected: 1..63)");
        assertThat(store.enrollTokens().byId(BootstrapTokens.parse(token).id()).orElseThrow().uses()).isZero();
    }

    @Test
    void aMalformedCsrIs400() {
        String token = enrollToken(3600, 1);
        Http.Resp r = http.post("/api/v1/enroll", null, enrollBody(token, unique("badcsr"), "not a CSR"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("bad_request");
        assertThat(r.message()).startsWith("CSR: ");
        assertThat(store.enrollTokens().byId(BootstrapTokens.parse(token).id()).orElseThrow().uses()).isZero();
    }

    @Test
    void aTamperedCsrIs400() {
        String token = enrollToken(3600, 1);
        String name = unique("tampered");
        String csr = Csr.create(KeyAlgorithm.EC_P256.generate(), name);
        String tampered = tamper(csr);

        Http.Resp r = http.post("/api/v1/enroll", null, enrollBody(token, name, tampered));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).startsWith("CSR: ");
        assertThat(store.devices().byName(name)).isEmpty();
    }

    @Test
    void missingFieldsAre400() {
        Http.Resp r = http.post("/api/v1/enroll", null, "{\"name\":\"x\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).isEqualTo("token: missing (expected: a string)");
        assertThat(http.post("/api/v1/enroll", null, "").message()).isEqualTo("body: empty (expected: a JSON object)");
    }

    @Test
    void repeatedFailuresFromOneSourceAreRateLimited() {
        String pin = Fingerprints.spkiPin(ca.certificate());
        for (int i = 0; i < 10; i++) {
            assertThat(enroll(BootstrapTokens.issue(pin).text(), unique("guess")).status()).isEqualTo(401);
        }
        String good = enrollToken(3600, 1);
        Http.Resp r = enroll(good, unique("blocked"));
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.error()).isEqualTo("rate_limited");
        assertThat(r.headers().firstValue("retry-after")).isPresent();
        assertThat(store.enrollTokens().byId(BootstrapTokens.parse(good).id()).orElseThrow().uses()).isZero();

        server.clock.advance(Duration.ofSeconds(61));
        assertThat(enroll(good, unique("later")).status()).isEqualTo(201);
    }

    /** Flips one bit in the CSR's subject, so that its signature no longer matches. */
    private static String tamper(String pem) {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(b64);
        String text = new String(der, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("tampered");
        der[at] ^= 0x01; // 't' -> 'u'
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }
}
