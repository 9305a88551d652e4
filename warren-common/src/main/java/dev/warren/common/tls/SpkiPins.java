package dev.warren.common.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * SPKI pins: SHA-256 of a certificate's DER SubjectPublicKeyInfo, base64url without padding (43 characters).
 * The same value as {@code dev.warren.pki.Fingerprints.spkiPin}; with openssl:
 * {@code openssl x509 -in ca.crt -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | basenc --base64url | tr -d =}.
 */
public final class SpkiPins {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

    private SpkiPins() {}

    public static String of(X509Certificate certificate) {
        return of(certificate.getPublicKey());
    }

    public static String of(PublicKey key) {
        byte[] spki = key.getEncoded(); // X.509 SubjectPublicKeyInfo for every JDK public key
        if (spki == null || !"X.509".equals(key.getFormat())) {
            throw new IllegalArgumentException("key: " + key.getAlgorithm() + " has no SubjectPublicKeyInfo encoding");
        }
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True for 43 base64url characters that decode to exactly 32 bytes. */
    public static boolean isWellFormed(String pin) {
        return pin != null && FORMAT.matcher(pin).matches();
    }
}
