package dev.warren.pki;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed CA that issues TLS leaf certificates. Starting points: {@link #create} once, {@link #save} and
 * {@link #load} afterwards, {@link #issue} for a new key pair and certificate, {@link #sign} for a key from a
 * {@link Csr}.
 */
public final class CertificateAuthority {
    private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);

    /** Certificates start this much in the past so that a peer whose clock is a little behind accepts them. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new CA: a fresh key pair and a self-signed certificate {@code CN=commonName}, valid from now for {@code validity}. */
    public static CertificateAuthority create(String commonName, KeyAlgorithm algorithm, Duration validity) {
        if (commonName == null || commonName.isBlank() || commonName.length() > CertificateProfile.MAX_COMMON_NAME) {
            throw new IllegalArgumentException("commonName: '" + commonName + "' (expected: 1.."
                    + CertificateProfile.MAX_COMMON_NAME + " characters)");
        }
        Objects.requireNonNull(algorithm, "algorithm");
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: " + validity + " (expected: > 0)");
        }
        KeyPair pair = algorithm.generate();
        Instant now = Instant.now();
        X500Name name = Certificates.name(commonName);
        X509v3CertificateBuilder builder = Certificates.builder(name, name, pair.getPublic(), now.minus(CLOCK_SKEW), now.plus(validity));
        var keyId = Certificates.subjectKeyId(pair.getPublic());
        Certificates.add(builder, Extension.basicConstraints, true, new BasicConstraints(true));
        Certificates.add(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        Certificates.add(builder, Extension.subjectKeyIdentifier, false, keyId);
        Certificates.add(builder, Extension.authorityKeyIdentifier, false,
                new org.bouncycastle.asn1.x509.AuthorityKeyIdentifier(keyId.getKeyIdentifier()));
        X509Certificate certificate = Certificates.sign(builder, pair.getPrivate());
        log.info("created CA {} ({}), pin {}", certificate.getSubjectX500Principal().getName(), algorithm,
                Fingerprints.spkiPin(certificate));
        return new CertificateAuthority(certificate, pair.getPrivate());
    }

    /** A CA from its PEM files (as {@link #save} writes them, or made by openssl). */
    public static CertificateAuthority load(Path certificatePem, Path keyPem) {
        X509Certificate certificate;
        PrivateKey key;
        try {
            certificate = Pem.readCertificates(certificatePem).getFirst();
            key = Pem.readPrivateKey(keyPem);
        } catch (PkiException e) {
            throw new PkiException("CA: " + e.getMessage(), e);
        }
        return of(certificate, key, "CA certificate " + certificatePem + " and key " + keyPem);
    }

    /** A CA from a certificate and its key, checked the same way {@link #load} checks files. */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey key) {
        return of(Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(key, "key"), "CA");
    }

    private static CertificateAuthority of(X509Certificate certificate, PrivateKey key, String what) {
        if (certificate.getBasicConstraints() < 0) {
            throw new PkiException(what + ": " + certificate.getSubjectX500Principal().getName()
                    + " is not a CA certificate (expected: basicConstraints CA:TRUE)");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && (usage.length < 6 || !usage[5])) {
            throw new PkiException(what + ": the certificate may not sign certificates (expected: keyUsage keyCertSign)");
        }
        if (!Keys.matches(key, certificate.getPublicKey())) {
            throw new PkiException(what + ": the private key does not belong to the certificate (mismatched files?)");
        }
        return new CertificateAuthority(certificate, key);
    }

    /** Writes the key (0600, atomically) and then the certificate (0644). */
    public void save(Path certificatePem, Path keyPem) {
        Pem.writeSecret(keyPem, Pem.encode(key));
        Pem.writePublic(certificatePem, Pem.encode(certificate));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A new key pair of {@code algorithm} and a certificate for it. */
    public IssuedCertificate issue(CertificateProfile profile, KeyAlgorithm algorithm) {
        KeyPair pair = Objects.requireNonNull(algorithm, "algorithm").generate();
        return new IssuedCertificate(sign(pair.getPublic(), profile), pair.getPrivate());
    }

    /**
     * A certificate for a key held elsewhere (from a {@link Csr}, whose signature proved possession). Its validity
     * ends no later than the CA's own.
     */
    public X509Certificate sign(PublicKey subjectKey, CertificateProfile profile) {
        Objects.requireNonNull(subjectKey, "subjectKey");
        Objects.requireNonNull(profile, "profile");
        Keys.checkSubjectKey(subjectKey);
        Instant now = Instant.now();
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        if (!now.isBefore(caNotAfter)) {
            throw new PkiException("CA " + certificate.getSubjectX500Principal().getName() + ": expired at " + caNotAfter
                    + " (expected: a CA that is still valid; make a new one)");
        }
        Instant notAfter = now.plus(profile.validity());
        if (notAfter.isAfter(caNotAfter)) {
            log.warn("certificate for {}: validity cut to the CA's end, {}", profile.commonName(), caNotAfter);
            notAfter = caNotAfter;
        }
        X509v3CertificateBuilder builder = Certificates.builder(
                Certificates.name(certificate.getSubjectX500Principal()), Certificates.name(profile.commonName()),
                subjectKey, now.minus(CLOCK_SKEW), notAfter);
        int keyUsage = KeyUsage.digitalSignature | (Keys.isRsa(subjectKey) ? KeyUsage.keyEncipherment : 0);
        Certificates.add(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        Certificates.add(builder, Extension.keyUsage, true, new KeyUsage(keyUsage));
        Certificates.add(builder, Extension.extendedKeyUsage, false, extendedKeyUsage(profile.usage()));
        GeneralNames names = subjectAlternativeNames(profile);
        if (names != null) {
            Certificates.add(builder, Extension.subjectAlternativeName, false, names);
        }
        Certificates.add(builder, Extension.subjectKeyIdentifier, false, Certificates.subjectKeyId(subjectKey));
        Certificates.add(builder, Extension.authorityKeyIdentifier, false, Certificates.authorityKeyId(certificate));
        return Certificates.sign(builder, key);
    }

    private static ExtendedKeyUsage extendedKeyUsage(CertificateProfile.Usage usage) {
        return switch (usage) {
            case SERVER -> new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
            case CLIENT -> new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
            case SERVER_AND_CLIENT -> new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
        };
    }

    private static GeneralNames subjectAlternativeNames(CertificateProfile profile) {
        List<GeneralName> names = new ArrayList<>();
        profile.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        profile.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        profile.uris().forEach(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
        return names.isEmpty() ? null : GeneralNames.getInstance(new DERSequence(names.toArray(GeneralName[]::new)));
    }

    @Override
    public String toString() {
        return "CertificateAuthority[subject=" + certificate.getSubjectX500Principal().getName()
                + ", notAfter=" + certificate.getNotAfter().toInstant()
                + ", pin=" + Fingerprints.spkiPin(certificate) + ", key=****]";
    }
}
