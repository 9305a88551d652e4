package dev.warren.pki;

import dev.warren.common.tls.SpkiPins;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Fingerprints of certificates and keys: for storage, for people, and the SPKI pin clients trust a CA by. */
public final class Fingerprints {

    private Fingerprints() {}

    /** SHA-256 of the certificate's DER, lowercase hex without separators: the form to store and compare. */
    public static String sha256Hex(X509Certificate certificate) {
        return HexFormat.of().formatHex(sha256(der(certificate)));
    }

    /** {@code SHA256:AB:CD:...}: the form to show people, as browsers and openssl print it. */
    public static String display(X509Certificate certificate) {
        return "SHA256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(der(certificate)));
    }

    /** SHA-256 of the certificate's SubjectPublicKeyInfo, base64url without padding (43 characters): the CA pin. */
    public static String spkiPin(X509Certificate certificate) {
        return SpkiPins.of(certificate);
    }

    public static String spkiPin(PublicKey key) {
        return SpkiPins.of(key);
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new PkiException("certificate " + certificate.getSubjectX500Principal() + ": cannot be encoded", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
