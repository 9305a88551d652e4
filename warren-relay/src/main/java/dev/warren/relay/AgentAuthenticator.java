package dev.warren.relay;

import dev.warren.api.enroll.DeviceCertificates;
import dev.warren.pki.Fingerprints;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.HelloDecision;
import dev.warren.protocol.session.MuxSession;
import dev.warren.store.Device;
import dev.warren.store.WarrenStore;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Admits an agent by its client certificate. TLS already checked that the relay's CA signed it; here the device it
 * names must exist, be enabled, and the certificate must be the device's current one (a renewed or re-enrolled
 * device's old certificate no longer works).
 */
final class AgentAuthenticator {
    private final WarrenStore store;
    private final Executor blocking;
    private final String nodeId;

    AgentAuthenticator(WarrenStore store, Executor blocking, String nodeId) {
        this.store = store;
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
        return CompletableFuture.supplyAsync(() -> store.devices().byId(deviceId.get()), blocking)
                .thenApply(device -> decide(deviceId.get(), device, fingerprint));
    }

    private HelloDecision decide(String id, Optional<Device> found, String fingerprint) {
        if (found.isEmpty()) {
            return HelloDecision.refuse(ErrorCode.UNAUTHENTICATED, "device " + id + " is not registered (deleted?)");
        }
        Device device = found.get();
        if (device.disabled()) {
            return HelloDecision.refuse(ErrorCode.DEVICE_DISABLED, "device '" + device.name() + "' is disabled");
        }
        if (!device.certFingerprint().equals(fingerprint)) {
            return HelloDecision.refuse(ErrorCode.UNAUTHENTICATED, "certificate is not the current one of device '"
                    + device.name() + "' (renewed since, or the device enrolled again)");
        }
        return HelloDecision.accept(Map.of("device.id", device.id(), "device.name", device.name(), "node", nodeId),
                new DeviceIdentity(device.id(), device.name()));
    }

    private static X509Certificate peerCertificate(MuxSession session) {
        SslHandler tls = session.channel().pipeline().get(SslHandler.class);
        if (tls == null) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static CompletionStage<HelloDecision> done(HelloDecision d) {
        return CompletableFuture.completedFuture(d);
    }
}
