package dev.warren.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The key types Warren issues. Keys come from the JDK's own providers (SunEC, SunRsaSign), never from a
 * registered Bouncy Castle provider.
 */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256: the default for CAs and TLS leaves, small and fast, understood everywhere. */
    EC_P256("EC", "SHA256withECDSA"),
    /**
     * Ed25519: small and fast, but not for Warren's TLS: BoringSSL (netty-tcnative, Warren's default TLS provider)
     * does not accept ed25519 signatures, so an Ed25519 leaf, or a chain signed by an Ed25519 CA, is refused by any
     * peer running it. Use it for certificates checked only by the JDK or by OpenSSL proper.
     */
    ED25519("Ed25519", "Ed25519"),
    /** RSA 3072 (about 128-bit security): for peers that cannot do elliptic curves. */
    RSA_3072("RSA", "SHA256withRSA");

    private final String jcaKeyAlgorithm;
    private final String jcaSignatureAlgorithm;

    KeyAlgorithm(String jcaKeyAlgorithm, String jcaSignatureAlgorithm) {
        this.jcaKeyAlgorithm = jcaKeyAlgorithm;
        this.jcaSignatureAlgorithm = jcaSignatureAlgorithm;
    }

    /** A fresh key pair from the JDK's SecureRandom. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaKeyAlgorithm);
            switch (this) {
                case EC_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"));
                case RSA_3072 -> generator.initialize(3072);
                case ED25519 -> { }
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("key generation: " + this + " is not available in this JDK", e);
        }
    }

    /** The JCA name of the signature this kind of key makes, e.g. {@code SHA256withECDSA}. */
    public String jcaSignatureAlgorithm() {
        return jcaSignatureAlgorithm;
    }
}
