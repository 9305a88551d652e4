package dev.warren.pki;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * PEM text and files with the JDK alone (no BouncyCastle): what the running agent writes when it renews its
 * certificate. The agent's own jar leaves BouncyCastle out (warren-cli/pom.xml), so nothing the agent runs may load
 * {@link Pem}, whose readers are BouncyCastle's. {@link Pem} writes through here too: one format.
 */
public final class PemText {
    private PemText() {}

    /** {@code -----BEGIN type-----}, the DER in base64 lines of 64, {@code -----END type-----}, each line ending in LF. */
    public static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** PKCS#8 {@code PRIVATE KEY}: the JDK's encoding of every key type it makes. */
    public static String privateKey(PrivateKey key) {
        byte[] der = key.getEncoded();
        if (der == null || !"PKCS#8".equals(key.getFormat())) {
            throw new PkiException("private key (" + key.getAlgorithm() + "): not exportable as PKCS#8");
        }
        return block("PRIVATE KEY", der);
    }

    /** Writes a secret (a private key): the file is owner-only (0600) from its creation, and replaced atomically. */
    public static void writeSecret(Path file, String content) {
        AtomicFiles.write(file, content.getBytes(StandardCharsets.US_ASCII), true);
    }

    /** Writes public material (certificates, CSRs): mode 0644, replaced atomically. */
    public static void writePublic(Path file, String content) {
        AtomicFiles.write(file, content.getBytes(StandardCharsets.US_ASCII), false);
    }
}
