package dev.warren.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The parts every certificate shares: serial, names, key identifiers, signing with the JDK's providers. */
final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {}

    /** A random positive 128-bit serial (RFC 5280 allows up to 20 octets; CA/B asks for 64+ random bits). */
    static BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() <= 0);
        return serial;
    }

    /** {@code CN=name}, built as an RDN rather than parsed, so commas or equals signs in it stay literal. */
    static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /** An issuer's name exactly as encoded in its certificate, so that chains match byte for byte. */
    static X500Name name(javax.security.auth.x500.X500Principal principal) {
        return X500Name.getInstance(principal.getEncoded());
    }

    static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey subjectKey,
                                               Instant notBefore, Instant notAfter) {
        return new JcaX509v3CertificateBuilder(
                issuer, serial(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
    }

    static SubjectKeyIdentifier subjectKeyId(PublicKey key) {
        return utils().createSubjectKeyIdentifier(key);
    }

    /** The issuer's own SKI when it has one (it may have been made by openssl), else one computed from its key. */
    static AuthorityKeyIdentifier authorityKeyId(X509Certificate issuer) {
        byte[] ski = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            byte[] keyId = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getOctets();
            return new AuthorityKeyIdentifier(keyId);
        }
        return new AuthorityKeyIdentifier(subjectKeyId(issuer.getPublicKey()).getKeyIdentifier());
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(Keys.signatureAlgorithm(issuerKey)).build(issuerKey);
            X509CertificateHolder holder = builder.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | CertificateException e) {
            throw new PkiException("certificate: cannot be signed with the " + issuerKey.getAlgorithm() + " key", e);
        }
    }

    static void add(X509v3CertificateBuilder builder, org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
                    org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (IOException e) {
            throw new PkiException("certificate: extension " + oid + " cannot be encoded", e);
        }
    }

    private static JcaX509ExtensionUtils utils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new PkiException("certificate: SHA-1 for key identifiers is not available", e);
        }
    }
}
