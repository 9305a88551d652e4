package dev.warren.common.tls;

import java.security.cert.CertificateException;
import java.util.Objects;

/**
 * A peer certificate refused by one of Warren's own trust checks, with the TLS alert that tells the peer why. Without
 * it BoringSSL turns a trust manager's plain {@link CertificateException} into {@code internal_error}, and the peer's
 * admin cannot tell "not trusted" from a bug.
 */
public class RefusedCertificateException extends CertificateException {
    private final CertificateAlert alert;

    public RefusedCertificateException(CertificateAlert alert, String message, Throwable cause) {
        super(message, cause);
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    public CertificateAlert alert() {
        return alert;
    }
}
