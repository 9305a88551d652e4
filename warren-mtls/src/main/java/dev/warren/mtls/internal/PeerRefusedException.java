package dev.warren.mtls.internal;

import dev.warren.common.tls.CertificateAlert;
import dev.warren.common.tls.RefusedCertificateException;
import java.security.cert.CertificateException;

/**
 * A peer certificate refused by {@link PeerTrustManager}: the reason for metrics, a message for the log, and the TLS
 * alert that tells the peer why (unknown_ca for another CA, certificate_expired, bad_certificate otherwise).
 */
final class PeerRefusedException extends RefusedCertificateException {
    private final RefusalReason reason;

    PeerRefusedException(RefusalReason reason, String message, Throwable cause) {
        super(alert(reason, cause), message, cause);
        this.reason = reason;
    }

    RefusalReason reason() {
        return reason;
    }

    private static CertificateAlert alert(RefusalReason reason, Throwable cause) {
        return switch (reason) {
            case OTHER_CA -> CertificateAlert.UNKNOWN_CA;
            case EXPIRED, NOT_YET_VALID -> CertificateAlert.CERTIFICATE_EXPIRED;
            default -> cause instanceof CertificateException pkix ? CertificateAlert.of(pkix) : CertificateAlert.BAD_CERTIFICATE;
        };
    }
}
