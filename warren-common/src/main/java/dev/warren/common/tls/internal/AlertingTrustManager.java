package dev.warren.common.tls.internal;

import dev.warren.common.tls.CertificateAlert;
import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * For Netty's OpenSSL engine only: turns a refusal into an {@link OpenSslCertificateException} whose X509_V_ERR code
 * BoringSSL maps to the alert that says why ({@link CertificateAlert}). Netty maps only expired, not yet valid and
 * revoked itself, and every other refusal to X509_V_ERR_UNSPECIFIED, which BoringSSL sends as internal_error. The
 * refusal stays the cause, so the local side's message and cause chain are unchanged. (The JDK's engine picks its own
 * alert: certificate_unknown, or bad_certificate and certificate_expired from PKIX's reason.)
 */
public final class AlertingTrustManager extends X509ExtendedTrustManager {
    /** How the JDK's hostname check starts its refusals ("... DNS name matching", "... names matching IP address"). */
    private static final String HOSTNAME_MISMATCH = "No subject alternative";

    private final X509ExtendedTrustManager delegate;

    public AlertingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /** The X509_V_ERR code BoringSSL's SSL_alert_from_verify_result turns into {@code alert}. */
    static int verifyError(CertificateAlert alert) {
        return switch (alert) {
            case UNKNOWN_CA -> CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
            case BAD_CERTIFICATE -> CertificateVerifier.X509_V_ERR_CERT_REJECTED;
            case CERTIFICATE_EXPIRED -> CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
            case CERTIFICATE_REVOKED -> CertificateVerifier.X509_V_ERR_CERT_REVOKED;
        };
    }

    private static CertificateException withAlert(CertificateException refusal) {
        if (refusal instanceof OpenSslCertificateException) {
            return refusal;
        }
        String message = refusal.getMessage();
        if (message != null && message.startsWith(HOSTNAME_MISMATCH)) {
            // Netty's client wraps a refusal starting so in a plain CertificateException (to list the SANs), which
            // would bring internal_error back; the JDK's message stays the cause
            message = "the certificate does not name the host dialled: " + message;
        }
        return new OpenSslCertificateException(message, refusal, verifyError(CertificateAlert.of(refusal)));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw withAlert(e);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    @Override
    public String toString() {
        return "AlertingTrustManager[" + delegate + "]";
    }
}
