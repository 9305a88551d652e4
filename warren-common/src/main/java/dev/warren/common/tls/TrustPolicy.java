package dev.warren.common.tls;

import java.security.cert.X509Certificate;
import java.util.List;

/** Which servers a client trusts. */
public sealed interface TrustPolicy {

    /** Normal PKIX validation up to one of these roots (and, when the handler asks for it, hostname verification). */
    record Cas(List<X509Certificate> cas) implements TrustPolicy {
        public Cas {
            if (cas == null || cas.isEmpty()) {
                throw new IllegalArgumentException("cas: none (expected: at least one CA certificate)");
            }
            cas = List.copyOf(cas);
        }

        public static Cas of(X509Certificate... cas) {
            return new Cas(List.of(cas));
        }
    }

    /**
     * Trust a server whose chain contains, above its leaf, a CA certificate whose SPKI pin ({@link SpkiPins}) is
     * {@code spkiPin}, and whose leaf validates (PKIX: signatures, validity, key usage, hostname when asked) up to
     * that CA. The kubeadm "discovery-token-ca-cert-hash" model: a client can join before it has the CA file, from a
     * pin it was told out of band. The server must send its CA in its chain.
     */
    record Pinned(String spkiPin) implements TrustPolicy {
        public Pinned {
            if (!SpkiPins.isWellFormed(spkiPin)) {
                throw new IllegalArgumentException("spkiPin: '" + spkiPin
                        + "' (expected: 43 base64url characters, the SHA-256 of the CA's SubjectPublicKeyInfo)");
            }
        }
    }

    /**
     * Trusts any server, unauthenticated, whatever its name: only behind an explicit {@code --unsafe} flag, never by
     * default. Building such a context logs a warning.
     */
    record InsecureTrustAll() implements TrustPolicy {}
}
