package dev.warren.mtls.internal;

import dev.warren.mtls.PeerNamePattern;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Decides whether a peer's certificate is accepted, and when not, says exactly why ({@link PeerRefusedException}):
 * issued by another CA, expired or not yet valid, not a valid chain (PKIX, including the extended key usage),
 * a server not named as dialled, or a name not on the allow list. Checks run in that order, so that a certificate of
 * another CA is reported as such even when it has also expired.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
    private final List<X509Certificate> cas;
    private final X509TrustManager pkix;
    private final List<PeerNamePattern> allowed;
    private final boolean allowAny;
    private final String expectedServerName;

    /**
     * @param allowed peers allowed by name (empty with {@code allowAny}: any certificate of the CA)
     * @param expectedServerName for a client: the name the server must carry (null for a server)
     */
    PeerTrustManager(List<X509Certificate> cas, List<PeerNamePattern> allowed, boolean allowAny, String expectedServerName) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("ca: no certificate (expected: at least one CA)");
        }
        this.cas = List.copyOf(cas);
        this.pkix = pkix(this.cas);
        this.allowed = List.copyOf(allowed);
        this.allowAny = allowAny;
        this.expectedServerName = expectedServerName;
    }

    private static X509TrustManager pkix(List<X509Certificate> cas) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("PKIX trust manager factory made no X509TrustManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("ca: cannot build a trust store (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, true);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, false);
    }

    /**
     * Empty on purpose: a server that names its CAs in the CertificateRequest makes a client whose certificate is from
     * another CA send none at all, and the log could then only say "no certificate". Asking for any certificate lets
     * {@link #check} say "issued by CN=Other CA". Which CA is trusted is decided here either way.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    private void check(X509Certificate[] chain, String authType, boolean client) throws PeerRefusedException {
        String who = client ? "client certificate" : "server certificate";
        if (chain == null || chain.length == 0) {
            throw new PeerRefusedException(RefusalReason.NO_CERTIFICATE, who + ": none presented", null);
        }
        X509Certificate leaf = chain[0];
        PeerIdentity id = PeerIdentity.of(leaf);
        String subject = who + " " + id.describe();
        if (!issuedByTrustedCa(chain)) {
            throw new PeerRefusedException(RefusalReason.OTHER_CA, subject + ": issued by " + leaf.getIssuerX500Principal().getName()
                    + ", not by a trusted CA (trusted: " + caNames() + ")", null);
        }
        Date now = new Date();
        if (now.after(leaf.getNotAfter())) {
            throw new PeerRefusedException(RefusalReason.EXPIRED, subject + ": expired at " + leaf.getNotAfter().toInstant(), null);
        }
        if (now.before(leaf.getNotBefore())) {
            throw new PeerRefusedException(RefusalReason.NOT_YET_VALID, subject + ": not valid before "
                    + leaf.getNotBefore().toInstant() + " (clocks apart?)", null);
        }
        try {
            if (client) {
                pkix.checkClientTrusted(chain, authType);
            } else {
                pkix.checkServerTrusted(chain, authType);
            }
        } catch (CertificateException e) {
            throw new PeerRefusedException(RefusalReason.BAD_CERTIFICATE, subject + ": " + e.getMessage(), e);
        }
        if (!client && expectedServerName != null && !ServerNames.matches(id, expectedServerName)) {
            throw new PeerRefusedException(RefusalReason.SERVER_NAME_MISMATCH, subject + ": does not name '"
                    + expectedServerName + "' (expected: a DNS or IP SAN for it; set server-name to the name the"
                    + " server's certificate carries)", null);
        }
        if (!allowAny && !allowed.isEmpty() && id.names().noneMatch(n -> allowed.stream().anyMatch(p -> p.matches(n)))) {
            throw new PeerRefusedException(RefusalReason.NAME_NOT_ALLOWED, subject + ": name not on the allow list ("
                    + allowed.stream().map(PeerNamePattern::pattern).collect(Collectors.joining(", ")) + ")", null);
        }
    }

    private boolean issuedByTrustedCa(X509Certificate[] chain) {
        for (X509Certificate c : chain) {
            for (X509Certificate ca : cas) {
                if (c.equals(ca)) {
                    return true;
                }
                if (c.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                    try {
                        c.verify(ca.getPublicKey());
                        return true;
                    } catch (GeneralSecurityException e) {
                        // same name, other key: keep looking
                    }
                }
            }
        }
        return false;
    }

    private String caNames() {
        return cas.stream().map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.joining("; "));
    }
}
