package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.enroll.DeviceCertificates;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import dev.warren.pki.Csr;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.Pem;
import dev.warren.pki.PkiException;
import dev.warren.store.Device;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /devices/self/renew}: a device presents its current certificate (TLS client authentication; the relay's
 * TLS layer has verified the chain) and gets a new one for the key of its CSR. Only the device's current
 * certificate may renew, or the one its last renewal replaced until the renewed one connects (so that an answer lost on
 * the way does not lock the device out); the relay admits only the current one.
 */
final class RenewEndpoint {
    private static final Logger log = LoggerFactory.getLogger(RenewEndpoint.class);
    private static final Set<String> FIELDS = Set.of("csr");

    private final ApiContext context;
    private final AuditTrail audit;

    RenewEndpoint(ApiContext context, AuditTrail audit) {
        this.context = context;
        this.audit = audit;
    }

    Reply renew(Call call) {
        String source = call.request().source();
        X509Certificate presented = call.request().peerCertificate();
        if (presented == null) {
            throw ApiException.unauthenticated("no client certificate (expected: the device certificate from"
                    + " enrollment, presented over TLS)");
        }
        Optional<String> deviceId = DeviceCertificates.deviceId(presented);
        if (deviceId.isEmpty()) {
            throw ApiException.unauthenticated("client certificate '" + presented.getSubjectX500Principal().getName()
                    + "' names no Warren device (expected: a URI SAN " + DeviceCertificates.URI_PREFIX + "<id>)");
        }
        String id = deviceId.get();
        try {
            return renew(call, id, presented, source);
        } catch (ApiException e) {
            audit.record(audit.event(id, "device.renew").device(id).source(source).refused(e.logReason()));
            throw e;
        }
    }

    private Reply renew(Call call, String id, X509Certificate presented, String source) {
        Device device = context.store().devices().byId(id).orElseThrow(() ->
                ApiException.unauthenticated("device " + id + " is not registered (deleted?)"));
        if (device.disabled()) {
            throw ApiException.forbidden("device '" + device.name() + "' is disabled");
        }
        String fingerprint = Fingerprints.sha256Hex(presented);
        Csr csr;
        try {
            csr = Csr.parse(Body.of(call.request().body(), false, FIELDS).text("csr", true));
        } catch (PkiException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        X509Certificate renewed = context.ca().sign(csr.publicKey(),
                DeviceCertificates.profile(device.name(), device.id(), context.deviceCertValidity()));
        String newFingerprint = Fingerprints.sha256Hex(renewed);
        // the current certificate, or the previous one if this device never got the answer to its last renewal
        if (!context.store().devices().renewCertificate(device.id(), fingerprint, newFingerprint,
                renewed.getNotAfter().toInstant())) {
            throw ApiException.unauthenticated("client certificate is not the current certificate of device '"
                    + device.name() + "' (replaced by a later renewal, and the renewed one has connected since?)");
        }
        audit.record(audit.event(device.id(), "device.renew").target(device.name()).device(device.id())
                .source(source).details(Map.of(
                "previousFingerprint", fingerprint, "certFingerprint", newFingerprint,
                "certNotAfter", renewed.getNotAfter().toInstant().toString())));
        log.info("renewed the certificate of device '{}' ({}) from {}; valid until {}", device.name(), device.id(),
                source, renewed.getNotAfter().toInstant());
        return Reply.ok(new Views.Renewed(Pem.encode(renewed)));
    }
}
