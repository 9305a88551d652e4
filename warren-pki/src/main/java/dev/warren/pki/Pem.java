package dev.warren.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM as openssl, HAProxy and stunnel read it: certificates as {@code CERTIFICATE}, private keys as unencrypted
 * PKCS#8 {@code PRIVATE KEY}. Reading also accepts openssl's legacy {@code EC PRIVATE KEY} and
 * {@code RSA PRIVATE KEY}, and files that hold a key and certificates together.
 */
public final class Pem {

    /** Key algorithms by the OID in PKCS#8, mapped to the JDK's KeyFactory names (no Bouncy Castle provider). */
    private static final Map<ASN1ObjectIdentifier, String> KEY_FACTORIES = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    private Pem() {}

    public static String encode(X509Certificate... certificates) {
        if (certificates.length == 0) {
            throw new IllegalArgumentException("certificates: none (expected: at least one)");
        }
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                out.append(block("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new PkiException("certificate " + certificate.getSubjectX500Principal() + ": cannot be encoded", e);
            }
        }
        return out.toString();
    }

    public static String encode(List<X509Certificate> certificates) {
        return encode(certificates.toArray(X509Certificate[]::new));
    }

    /** PKCS#8 {@code PRIVATE KEY}: the JDK's encoding of every key type it makes. */
    public static String encode(PrivateKey key) {
        return PemText.privateKey(key);
    }

    static String block(String type, byte[] der) {
        return PemText.block(type, der);
    }

    public static List<X509Certificate> readCertificates(Path file) {
        return readCertificates(read(file, "certificate"), "certificate file " + file);
    }

    public static List<X509Certificate> readCertificates(String pem) {
        return readCertificates(pem, "certificate PEM");
    }

    private static List<X509Certificate> readCertificates(String pem, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects(pem, what)) {
            if (object instanceof X509CertificateHolder holder) {
                certificates.add(toX509(holder, what));
            }
        }
        if (certificates.isEmpty()) {
            throw new PkiException(what + ": no CERTIFICATE block (expected: -----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    public static PrivateKey readPrivateKey(Path file) {
        return readPrivateKey(read(file, "private key"), "private key file " + file);
    }

    public static PrivateKey readPrivateKey(String pem) {
        return readPrivateKey(pem, "private key PEM");
    }

    private static PrivateKey readPrivateKey(String pem, String what) {
        PrivateKeyInfo found = null;
        for (Object object : objects(pem, what)) {
            PrivateKeyInfo info = switch (object) {
                case PrivateKeyInfo pkcs8 -> pkcs8;
                case PEMKeyPair legacy -> legacy.getPrivateKeyInfo();
                case PKCS8EncryptedPrivateKeyInfo e -> throw encrypted(what);
                case PEMEncryptedKeyPair e -> throw encrypted(what);
                default -> null; // EC PARAMETERS, certificates in a combined file
            };
            if (info != null) {
                if (found != null) {
                    throw new PkiException(what + ": more than one private key (expected: exactly one)");
                }
                found = info;
            }
        }
        if (found == null) {
            throw new PkiException(what + ": no private key (expected: -----BEGIN PRIVATE KEY-----)");
        }
        return toPrivateKey(found, what);
    }

    private static PkiException encrypted(String what) {
        return new PkiException(what + ": the key is encrypted (expected: unencrypted; "
                + "decrypt it with: openssl pkey -in KEY -out KEY.plain)");
    }

    static PrivateKey toPrivateKey(PrivateKeyInfo info, String what) {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = KEY_FACTORIES.get(oid);
        if (algorithm == null) {
            throw new PkiException(what + ": key algorithm " + oid + " (expected: EC, RSA or Ed25519)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(what + ": not a valid " + algorithm + " key", e);
        }
    }

    /** A public key from its SubjectPublicKeyInfo, by the JDK's KeyFactory for its algorithm OID. */
    static PublicKey toPublicKey(SubjectPublicKeyInfo info, String what) {
        ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
        String algorithm = KEY_FACTORIES.get(oid);
        if (algorithm == null) {
            throw new PkiException(what + ": public key algorithm " + oid + " (expected: EC, RSA or Ed25519)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException(what + ": not a valid " + algorithm + " public key", e);
        }
    }

    static X509Certificate toX509(X509CertificateHolder holder, String what) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            throw new PkiException(what + ": not a valid X.509 certificate", e);
        }
    }

    /** Every PEM object in the text, as Bouncy Castle's parser types. */
    static List<Object> objects(String pem, String what) {
        if (pem == null || pem.isBlank()) {
            throw new PkiException(what + ": empty (expected: PEM)");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(what + ": malformed PEM (" + e.getMessage() + ")", e);
        }
        if (objects.isEmpty()) {
            throw new PkiException(what + ": no PEM block (expected: -----BEGIN ...-----)");
        }
        return objects;
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new PkiException(what + " file " + file + ": not found");
        } catch (IOException e) {
            throw new PkiException(what + " file " + file + ": cannot be read (" + e + ")", e);
        }
    }

    /** Writes a secret (a private key): the file is owner-only (0600) from its creation, and replaced atomically. */
    public static void writeSecret(Path file, String content) {
        PemText.writeSecret(file, content);
    }

    /** Writes public material (certificates, CSRs): mode 0644, replaced atomically. */
    public static void writePublic(Path file, String content) {
        PemText.writePublic(file, content);
    }
}
