package dev.warren.common.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Whether a private key and a public key are the two halves of one pair: a probe that the one signs verifies with the
 * other. Which signature algorithm to try, and what to do with a key it cannot name, is the caller's policy (a TLS
 * identity lets unknown keys through to the handshake, the CA refuses them).
 */
public final class KeyPairProbe {
    private static final byte[] PROBE = "warren key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairProbe() {}

    /** True when a probe signed with {@code privateKey} by {@code algorithm} (a JCA name) verifies with {@code publicKey}. */
    public static boolean signsFor(PrivateKey privateKey, PublicKey publicKey, String algorithm) {
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
