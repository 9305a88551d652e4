package dev.warren.common.tls;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;

/**
 * Whether a private key and a certificate's public key are one pair ({@link KeyPairProbe}), for a TLS identity: a key
 * it cannot probe passes, and the handshake decides.
 */
final class KeyPairCheck {
    private KeyPairCheck() {}

    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if ("RSASSA-PSS".equals(privateKey.getAlgorithm())) {
            return true; // PSS keys need explicit parameters to sign: let the handshake decide
        }
        String algorithm = switch (privateKey) {
            case ECKey ec -> "SHA256withECDSA";
            case EdECKey ed -> ed.getParams().getName();
            case RSAKey rsa -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return true; // a key type we cannot probe (e.g. held in hardware): let the handshake decide
        }
        try {
            return KeyPairProbe.signsFor(privateKey, publicKey, algorithm);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
