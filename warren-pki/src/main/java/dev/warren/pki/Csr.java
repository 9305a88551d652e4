package dev.warren.pki;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certificate signing request: the agent makes one with its own key ({@link #create}), the relay checks
 * the signature, which proves the sender holds the private key, and reads the key and CN ({@link #parse}).
 */
public final class Csr {
    /** Far above any real CSR (an RSA 4096 one is under 2 KiB); stops a hostile peer from feeding megabytes. */
    static final int MAX_PEM_CHARS = 16 * 1024;

    private final PublicKey publicKey;
    private final String commonName;

    private Csr(PublicKey publicKey, String commonName) {
        this.publicKey = publicKey;
        this.commonName = commonName;
    }

    /** A CSR for {@code CN=commonName}, signed with the key pair's private key, as {@code CERTIFICATE REQUEST} PEM. */
    public static String create(KeyPair keyPair, String commonName) {
        Objects.requireNonNull(keyPair, "keyPair");
        if (commonName == null || commonName.isBlank() || commonName.length() > CertificateProfile.MAX_COMMON_NAME) {
            throw new IllegalArgumentException("commonName: '" + commonName + "' (expected: 1.."
                    + CertificateProfile.MAX_COMMON_NAME + " characters)");
        }
        try {
            ContentSigner signer = new JcaContentSignerBuilder(Keys.signatureAlgorithm(keyPair.getPrivate()))
                    .build(keyPair.getPrivate());
            PKCS10CertificationRequest request =
                    new JcaPKCS10CertificationRequestBuilder(Certificates.name(commonName), keyPair.getPublic()).build(signer);
            return Pem.block("CERTIFICATE REQUEST", request.getEncoded());
        } catch (OperatorCreationException | IOException e) {
            throw new PkiException("CSR: cannot be signed with the " + keyPair.getPrivate().getAlgorithm() + " key", e);
        }
    }

    /** Reads a CSR and checks its signature (proof of possession); any fault is a {@link PkiException} "CSR: ...". */
    public static Csr parse(String pem) {
        if (pem != null && pem.length() > MAX_PEM_CHARS) {
            throw new PkiException("CSR: " + pem.length() + " characters (expected: at most " + MAX_PEM_CHARS + ")");
        }
        List<Object> objects = Pem.objects(pem, "CSR"); // its messages start with "CSR: "
        if (objects.size() != 1 || !(objects.getFirst() instanceof PKCS10CertificationRequest request)) {
            throw new PkiException("CSR: not a single CERTIFICATE REQUEST (expected: -----BEGIN CERTIFICATE REQUEST-----)");
        }
        PublicKey key = Pem.toPublicKey(request.getSubjectPublicKeyInfo(), "CSR");
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new PkiException("CSR: signature does not verify (the request was altered, or its signer does not hold the key)");
            }
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            if (e instanceof PkiException pki) {
                throw pki;
            }
            throw new PkiException("CSR: signature cannot be checked (" + e.getMessage() + ")", e);
        }
        try {
            Keys.checkSubjectKey(key);
        } catch (PkiException e) {
            throw new PkiException("CSR: " + e.getMessage(), e);
        }
        RDN[] cn = request.getSubject().getRDNs(BCStyle.CN);
        if (cn.length != 1) {
            throw new PkiException("CSR: subject has " + cn.length + " CNs (expected: exactly one)");
        }
        String commonName = IETFUtils.valueToString(cn[0].getFirst().getValue());
        return new Csr(key, commonName);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The CN the requester asked for; the CA decides whether to use it. */
    public String commonName() {
        return commonName;
    }

    @Override
    public String toString() {
        return "Csr[CN=" + commonName + ", key=" + publicKey.getAlgorithm() + " " + Fingerprints.spkiPin(publicKey) + "]";
    }
}
