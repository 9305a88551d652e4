package dev.warren.pki;

import dev.warren.common.tls.KeyPairProbe;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;

/** Which signature a key makes, whether a key pair belongs together, and which subject keys are strong enough. */
final class Keys {
    private Keys() {}

    /** The JCA signature algorithm for a key: SHA-256/384/512 matched to the EC curve, SHA-256 for RSA. */
    static String signatureAlgorithm(Key key) {
        return switch (key) {
            case ECKey ec -> {
                int bits = ec.getParams().getOrder().bitLength();
                yield bits <= 256 ? "SHA256withECDSA" : bits <= 384 ? "SHA384withECDSA" : "SHA512withECDSA";
            }
            case EdECKey ed -> ed.getParams().getName(); // Ed25519 or Ed448
            case RSAKey rsa -> "SHA256withRSA";
            default -> throw new PkiException("key algorithm " + key.getAlgorithm() + " (expected: EC, RSA or Ed25519)");
        };
    }

    /**
     * True when {@code privateKey} signs what {@code publicKey} verifies ({@link KeyPairProbe}); false for a key of a
     * type this CA does not certify.
     */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            String algorithm = signatureAlgorithm(privateKey);
            if (!algorithm.equals(signatureAlgorithm(publicKey))) {
                return false;
            }
            return KeyPairProbe.signsFor(privateKey, publicKey, algorithm);
        } catch (PkiException e) {
            return false;
        }
    }

    /** Refuses keys too weak (or too odd) to certify; the message names what was expected. */
    static void checkSubjectKey(PublicKey key) {
        String expected = " (expected: EC P-256/P-384/P-521, Ed25519 or RSA >= 2048 bits)";
        switch (key) {
            case ECKey ec -> {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                if (bits != 256 && bits != 384 && bits != 521) {
                    throw new PkiException("subject key: EC on a " + bits + "-bit curve" + expected);
                }
            }
            case EdECKey ed -> { }
            case RSAKey rsa -> {
                int bits = rsa.getModulus().bitLength();
                if (bits < 2048) {
                    throw new PkiException("subject key: RSA " + bits + " bits" + expected);
                }
            }
            default -> throw new PkiException("subject key: " + key.getAlgorithm() + expected);
        }
    }

    static boolean isRsa(Key key) {
        return key instanceof RSAKey;
    }
}
