package dev.warren.common.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private key and the certificate chain that goes with it (leaf first), as a TLS endpoint presents itself.
 * {@link #toString()} never shows the key.
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS"};

    public TlsIdentity {
        Objects.requireNonNull(key, "key");
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("chain: empty (expected: the certificate, then any intermediates)");
        }
        chain = List.copyOf(chain);
        if (!KeyPairCheck.matches(key, chain.getFirst().getPublicKey())) {
            throw new IllegalArgumentException("key: does not belong to the certificate "
                    + chain.getFirst().getSubjectX500Principal().getName() + " (expected: the key it was issued for)");
        }
    }

    public TlsIdentity(PrivateKey key, X509Certificate... chain) {
        this(key, List.of(chain));
    }

    /**
     * Reads the chain ({@code CERTIFICATE} blocks, leaf first) and the key (unencrypted PKCS#8
     * {@code PRIVATE KEY}, as warren-pki writes it; both may be in one file).
     */
    public static TlsIdentity load(Path certificatePem, Path keyPem) {
        List<X509Certificate> chain = certificates(read(certificatePem), "certificate file " + certificatePem);
        PrivateKey key = privateKey(read(keyPem), "key file " + keyPem);
        try {
            return new TlsIdentity(key, chain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyPem + ": " + e.getMessage(), e);
        }
    }

    /** The {@code CERTIFICATE} blocks of a PEM text, in order. */
    static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Matcher m = PEM_BLOCK.matcher(pem); m.find(); ) {
                if (m.group(1).equals("CERTIFICATE")) {
                    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a valid certificate (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(what + ": no CERTIFICATE block (expected: -----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    private static PrivateKey privateKey(String pem, String what) {
        for (Matcher m = PEM_BLOCK.matcher(pem); m.find(); ) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                return pkcs8(Base64.getMimeDecoder().decode(m.group(2)), what);
            }
            if (type.endsWith("PRIVATE KEY")) {
                // no ASN.1 parser here; warren-pki's Pem.readPrivateKey reads these legacy forms
                throw new IllegalArgumentException(what + ": " + type + " (expected: unencrypted PKCS#8 PRIVATE KEY; "
                        + "convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
            }
        }
        throw new IllegalArgumentException(what + ": no PRIVATE KEY block (expected: -----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der, String what) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException(what + ": not an EC, RSA or Ed25519 PKCS#8 key");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": not found");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e + ")", e);
        }
    }

    @Override
    public String toString() {
        return "TlsIdentity[subject=" + chain.getFirst().getSubjectX500Principal().getName()
                + ", chain=" + chain.size() + " certificate(s), key=****]";
    }
}
