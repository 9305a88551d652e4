package dev.warren.common.tls;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;

/** The TLS alerts (RFC 8446, 6.2) that say why a certificate was refused, as Warren's trust checks send them. */
public enum CertificateAlert {
    /** No trusted CA issued it: another CA file, or a pin of another CA. */
    UNKNOWN_CA,
    /** Issued by a trusted CA but refused: the wrong name, a bad signature, a name not allowed. */
    BAD_CERTIFICATE,
    /** Expired or not yet valid (BoringSSL and the JDK send certificate_expired for both). */
    CERTIFICATE_EXPIRED,
    CERTIFICATE_REVOKED;

    /** The alert for a refusal: the one a Warren check named, else read from the JDK's PKIX exceptions. */
    public static CertificateAlert of(CertificateException refusal) {
        if (refusal instanceof RefusedCertificateException named) {
            return named.alert();
        }
        if (refusal instanceof CertificateExpiredException || refusal instanceof CertificateNotYetValidException) {
            return CERTIFICATE_EXPIRED;
        }
        if (refusal instanceof CertificateRevokedException) {
            return CERTIFICATE_REVOKED;
        }
        for (Throwable c = refusal.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof CertPathBuilderException) {
                return UNKNOWN_CA; // PKIX found no path to any trusted CA
            }
            if (c instanceof CertPathValidatorException invalid) {
                if (invalid.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                        || invalid.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return CERTIFICATE_EXPIRED;
                }
                if (invalid.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                    return CERTIFICATE_REVOKED;
                }
            }
        }
        return BAD_CERTIFICATE;
    }
}
