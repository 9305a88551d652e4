package dev.warren.common.tls.internal;

import dev.warren.common.tls.CertificateAlert;
import dev.warren.common.tls.RefusedCertificateException;
import dev.warren.common.tls.SpkiPins;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts a server whose presented chain contains, above the leaf, the CA with the pinned SPKI hash, and whose leaf
 * validates up to that CA. The validation itself is the JDK's PKIX trust manager with that CA as its only anchor,
 * so validity, signatures, key usage and (when the engine asks for it) the hostname are checked as for any CA.
 * Extended, so it gets the engine for hostname checks with the JDK's SSLEngine and with Netty's OpenSSL engine alike.
 */
public final class PinnedTrustManager extends X509ExtendedTrustManager {
    private static final Logger log = LoggerFactory.getLogger(PinnedTrustManager.class);

    private final String pin;
    /** The delegate for the last CA seen: the same CA comes back on every connection. */
    private volatile Anchored last;

    private record Anchored(X509Certificate ca, X509ExtendedTrustManager manager) {}

    public PinnedTrustManager(String spkiPin) {
        if (!SpkiPins.isWellFormed(spkiPin)) {
            throw new IllegalArgumentException("spkiPin: '" + spkiPin + "' (expected: 43 base64url characters)");
        }
        this.pin = spkiPin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        X509Certificate[] path = pinnedPath(chain);
        manager(path[path.length - 1]).checkServerTrusted(path, authType, engine);
        log.debug("server {} trusted by pin {}", chain[0].getSubjectX500Principal().getName(), pin);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        X509Certificate[] path = pinnedPath(chain);
        manager(path[path.length - 1]).checkServerTrusted(path, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate[] path = pinnedPath(chain);
        manager(path[path.length - 1]).checkServerTrusted(path, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw clientsNotSupported();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw clientsNotSupported();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw clientsNotSupported();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** The chain from the leaf up to and including the pinned CA; refuses, naming the pin, when there is none. */
    X509Certificate[] pinnedPath(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw unknownCa("SPKI pin mismatch: the server presented no certificate (expected: a chain with the CA pinned as " + pin + ")");
        }
        for (int i = 1; i < chain.length; i++) {
            if (pin.equals(SpkiPins.of(chain[i]))) {
                if (chain[i].getBasicConstraints() < 0) {
                    throw unknownCa("SPKI pin " + pin + " matches " + chain[i].getSubjectX500Principal().getName()
                            + ", which is not a CA certificate (expected: the pin of the CA that issued the server's certificate)");
                }
                return Arrays.copyOfRange(chain, 0, i + 1);
            }
        }
        if (pin.equals(SpkiPins.of(chain[0]))) {
            throw unknownCa("SPKI pin mismatch: " + pin + " is the server's own certificate key "
                    + "(expected: the pin of the CA that issued it)");
        }
        String presented = Arrays.stream(chain)
                .map(c -> c.getSubjectX500Principal().getName() + " pin " + SpkiPins.of(c))
                .collect(Collectors.joining("; "));
        String hint = chain.length == 1 ? "; the server sent only its own certificate and must send its CA too" : "";
        throw unknownCa("SPKI pin mismatch: no CA certificate in the server's chain has pin " + pin
                + " (presented: " + presented + ")" + hint);
    }

    private X509ExtendedTrustManager manager(X509Certificate ca) throws CertificateException {
        Anchored cached = last;
        if (cached != null && cached.ca().equals(ca)) {
            return cached.manager();
        }
        try {
            X509ExtendedTrustManager manager = PkixTrust.of(List.of(ca));
            last = new Anchored(ca, manager);
            return manager;
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateException("pinned trust: cannot use " + ca.getSubjectX500Principal().getName() + " as an anchor", e);
        }
    }

    /** The pinned CA is not in the chain: to the server, as to PKIX with an unknown root, that is unknown_ca. */
    private static CertificateException unknownCa(String message) {
        return new RefusedCertificateException(CertificateAlert.UNKNOWN_CA, message, null);
    }

    private static CertificateException clientsNotSupported() {
        return new CertificateException("pinned trust checks servers only (expected: a CA list to check clients)");
    }

    @Override
    public String toString() {
        return "PinnedTrustManager[" + pin + "]";
    }
}
