package dev.warren.mtls.internal;

import java.security.cert.CertificateException;

/** A peer certificate refused by {@link PeerTrustManager}: the reason for metrics and a message for the log. */
final class PeerRefusedException extends CertificateException {
    private final RefusalReason reason;

    PeerRefusedException(RefusalReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    RefusalReason reason() {
        return reason;
    }
}
