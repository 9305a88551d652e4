package dev.warren.relay;

import dev.warren.api.enroll.DeviceCertificates;
import dev.warren.pki.Fingerprints;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.HelloDecision;
import dev.warren.protocol.session.MuxSession;
import dev.warren.store.Device;
import dev.warren.store.RevokedCertificate;
import dev.warren.store.WarrenStore;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Admits an agent by its client certificate. TLS already checked that the relay's CA signed it; here the device it
 * names must exist, be enabled, and the certificate must be the device's current one (a renewed or re-enrolled
 * device's old certificate no longer works). A deleted device's certificate is refused as revoked, saying when and
 * why. The device's disabled services are handed to the registry with the admission.
 */
final class AgentAuthenticator {
    private final WarrenStore store;
    private final AgentRegistry agents;
    private final Executor blocking;
    private final String nodeId;

    AgentAuthenticator(WarrenStore store, AgentRegistry agents, Executor blocking, String nodeId) {
        this.store = store;
        this.agents = agents;
        this.blocking = blocking;
        this.nodeId = nodeId;
    }

    CompletionStage<HelloDecision> authenticate(MuxSession session) {
        X509Certificate cert = peerCertificate(session);
        if (cert == null) {
            return done(HelloDecision.refuse(ErrorCode.UNAUTHENTICATED,
                    "no client certificate: an agent authenticates with the device certificate it got at enrollment"));
        }
        Optional<String> deviceId = DeviceCertificates.deviceId(cert);
        if (deviceId.isEmpty()) {
            return done(HelloDecision.refuse(ErrorCode.UNAUTHENTICATED,
                    "client certificate '" + cert.getSubjectX500Principal().getName() + "' names no Warren device"));
        }
        String fingerprint = Fingerprints.sha256Hex(cert);
        return CompletableFuture.supplyAsync(() -> decide(deviceId.get(), store.devices().byId(deviceId.get()),
                fingerprint), blocking);
    }

    /** BLOCKING when the device is gone (one more lookup, for the reason). */
    private HelloDecision decide(String id, Optional<Device> found, String fingerprint) {
        if (found.isEmpty()) {
            Optional<RevokedCertificate> revoked = store.devices().revokedCertificate(fingerprint);
            if (revoked.isPresent()) {
                RevokedCertificate r = revoked.get();
                return HelloDecision.refuse(ErrorCode.DEVICE_DISABLED, "certificate of device '" + r.deviceName()
                        + "' was revoked at " + r.revokedAt().truncatedTo(ChronoUnit.SECONDS) + " (" + r.reason() + ")");
            }
            return HelloDecision.refuse(ErrorCode.UNAUTHENTICATED, "device " + id + " is not registered (deleted?)");
        }
        Device device = found.get();
        if (device.disabled()) {
            return HelloDecision.refuse(ErrorCode.DEVICE_DISABLED, "device '" + device.name()
                    + "' is disabled by an admin");
        }
        if (!device.certFingerprint().equals(fingerprint)) {
            return HelloDecision.refuse(ErrorCode.UNAUTHENTICATED, "certificate is not the current one of device '"
                    + device.name() + "' (renewed since, or the device enrolled again)");
        }
        agents.setDisabledServices(device.id(), device.disabledServices());
        return HelloDecision.accept(Map.of("device.id", device.id(), "device.name", device.name(), "node", nodeId),
                new DeviceIdentity(device.id(), device.name()));
    }

    /** The device id a session's certificate names, for the audit of a refusal; null if none. */
    static String claimedDevice(MuxSession session) {
        return DeviceCertificates.deviceId(peerCertificate(session)).orElse(null);
    }

    static X509Certificate peerCertificate(MuxSession session) {
        SslHandler tls = session.channel().pipeline().get(SslHandler.class);
        if (tls == null) {
            return null;
        }
        Certificate[] chain;
        try {
            chain = tls.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate peer)) {
            return null;
        }
        // Netty's certificate parses itself on first use and keeps what it parsed for as long as the connection
        // lives (~4 KB of heap per agent, idle for months); admission reads a parsed copy, garbage once it is done
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(peer.getEncoded()));
        } catch (CertificateException e) {
            return peer;
        }
    }

    private static CompletionStage<HelloDecision> done(HelloDecision d) {
        return CompletableFuture.completedFuture(d);
    }
}
