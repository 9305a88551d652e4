package dev.warren.common.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates, made with bcpkix and the JDK's providers (warren-pki cannot be used here: it depends on us). */
final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Alg { EC, ED25519, RSA }

    private TestPki() {}

    record Ca(KeyPair keys, X509Certificate certificate) {
        static Ca create(String cn) {
            return create(cn, Alg.EC);
        }

        static Ca create(String cn, Alg alg) {
            KeyPair keys = TestPki.keys(alg);
            return new Ca(keys, build(new X500Name("CN=" + cn), keys, new X500Name("CN=" + cn), keys.getPublic(), true, null, List.of(), List.of()));
        }

        Leaf server(String cn, List<String> dns, List<String> ips) {
            return leaf(Alg.EC, cn, KeyPurposeId.id_kp_serverAuth, dns, ips);
        }

        Leaf client(String cn) {
            return leaf(Alg.EC, cn, KeyPurposeId.id_kp_clientAuth, List.of(), List.of());
        }

        Leaf leaf(Alg alg, String cn, KeyPurposeId purpose, List<String> dns, List<String> ips) {
            KeyPair leafKeys = TestPki.keys(alg);
            X509Certificate cert = build(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), keys,
                    new X500Name("CN=" + cn), leafKeys.getPublic(), false, purpose, dns, ips);
            return new Leaf(leafKeys, cert, this);
        }
    }

    record Leaf(KeyPair keys, X509Certificate certificate, Ca ca) {
        /** The leaf alone. */
        TlsIdentity identity() {
            return new TlsIdentity(keys.getPrivate(), certificate);
        }

        /** The leaf and its CA, as the relay presents itself for pinned trust. */
        TlsIdentity identityWithCa() {
            return new TlsIdentity(keys.getPrivate(), certificate, ca.certificate());
        }
    }

    static KeyPair keys(Alg alg) {
        try {
            return switch (alg) {
                case EC -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    yield g.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                case RSA -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    yield g.generateKeyPair();
                }
            };
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static X509Certificate build(X500Name issuer, KeyPair issuerKeys, X500Name subject, PublicKey subjectKey, boolean ca,
                                         KeyPurposeId purpose, List<String> dns, List<String> ips) {
        try {
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject, subjectKey);
            var utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | ("RSA".equals(subjectKey.getAlgorithm()) ? KeyUsage.keyEncipherment : 0)));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            List<GeneralName> names = new ArrayList<>();
            dns.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ips.forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        GeneralNames.getInstance(new DERSequence(names.toArray(GeneralName[]::new))));
            }
            String sigAlg = switch (issuerKeys.getPrivate()) {
                case java.security.interfaces.ECKey k -> "SHA256withECDSA";
                case java.security.interfaces.RSAKey k -> "SHA256withRSA";
                default -> "Ed25519";
            };
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(sigAlg).build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
