package dev.warren.pki;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.util.Objects;

/**
 * A PKCS#10 certificate signing request for a P-256 key, {@code CN=commonName}, signed SHA256withECDSA, written with
 * the JDK alone: the running agent's renewal (its jar leaves BouncyCastle out). The same request, field for field, as
 * {@link Csr#create} makes for such a key with BouncyCastle (EcCsrTest compares them); {@link Csr#parse} reads both.
 */
public final class EcCsr {
    /** ub-common-name (RFC 5280), as {@code CertificateProfile}'s, which this class must not load (it uses BouncyCastle). */
    static final int MAX_COMMON_NAME = 64;
    private static final byte[] CN = {0x55, 0x04, 0x03}; // 2.5.4.3
    private static final byte[] ECDSA_WITH_SHA256 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02};

    private EcCsr() {}

    /** The CSR as {@code CERTIFICATE REQUEST} PEM. */
    public static String create(KeyPair keyPair, String commonName) {
        Objects.requireNonNull(keyPair, "keyPair");
        if (commonName == null || commonName.isBlank() || commonName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException("commonName: '" + commonName + "' (expected: 1.." + MAX_COMMON_NAME
                    + " characters)");
        }
        if (!(keyPair.getPrivate() instanceof ECKey ec) || ec.getParams().getOrder().bitLength() != 256) {
            throw new IllegalArgumentException("keyPair: " + keyPair.getPrivate().getAlgorithm()
                    + " (expected: an EC P-256 key)");
        }
        // CertificationRequestInfo ::= SEQUENCE { version INTEGER (0), subject Name, subjectPKInfo, [0] attributes }
        byte[] name = der(0x30, der(0x31, der(0x30, der(0x06, CN),
                der(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] info = der(0x30, der(0x02, new byte[] {0}), name, keyPair.getPublic().getEncoded(), der(0xa0));
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(info);
            signature = signer.sign(); // DER: ECDSA-Sig-Value
        } catch (GeneralSecurityException e) {
            throw new PkiException("CSR: cannot be signed with the " + keyPair.getPrivate().getAlgorithm() + " key", e);
        }
        byte[] bits = new byte[signature.length + 1]; // BIT STRING: no unused bits
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] request = der(0x30, info, der(0x30, der(0x06, ECDSA_WITH_SHA256)), der(0x03, bits));
        return PemText.block("CERTIFICATE REQUEST", request);
    }

    /** One DER element: tag, definite length, the parts' bytes one after the other. */
    static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
