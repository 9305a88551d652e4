package dev.warren.common.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;

/** Whether a private key and a certificate's public key are one pair: a signature made by one verifies with the other. */
final class KeyPairCheck {
    private static final byte[] PROBE = "warren key pair check".getBytes(StandardCharsets.US_ASCII);

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
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
