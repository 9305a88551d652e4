package dev.warren.pki;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Encrypts a stream of any length with a passphrase: the key is scrypt(passphrase, random salt) (N=2^15, r=8, p=1:
 * 32 MiB and a fraction of a second per try), and the data is sealed in 64 KiB chunks with AES-256-GCM in the STREAM
 * construction (Hoang et al., as age uses it): each chunk's nonce is its number and whether it is the last, so chunks
 * cannot be reordered, dropped or the stream cut short without the tag check failing. The header (magic, scrypt
 * parameters, salt) is authenticated with every chunk. Memory stays at one chunk whatever the size.
 *
 * <pre>
 * "WRNBAK01" | logN (1) | r (1) | p (1) | salt (16) | chunk* ; chunk = AES-GCM(64 KiB plaintext) (+16 byte tag)
 * nonce = 11-byte big-endian chunk number | 1 if last else 0
 * </pre>
 */
public final class PassphraseEncryption {
    /** The first bytes of an encrypted stream. */
    public static final byte[] MAGIC = "WRNBAK01".getBytes(StandardCharsets.US_ASCII);
    static final int CHUNK = 64 * 1024;
    private static final int TAG = 16;
    private static final int SALT = 16;
    private static final int LOG_N = 15;
    private static final int R = 8;
    private static final int P = 1;
    /** Refuse headers that would make us spend absurd memory or time (a crafted file). */
    private static final int MAX_LOG_N = 20;
    public static final int MIN_PASSPHRASE = 12;

    private PassphraseEncryption() {}

    /** Whether {@code head} (the first bytes of a file) starts like an encrypted stream. */
    public static boolean isEncrypted(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC);
    }

    /** Encrypts all of {@code in} onto {@code out} (neither is closed). */
    public static void encrypt(InputStream in, OutputStream out, char[] passphrase) throws IOException {
        checkPassphrase(passphrase);
        byte[] salt = new byte[SALT];
        new SecureRandom().nextBytes(salt);
        byte[] header = header(LOG_N, R, P, salt);
        out.write(header);
        SecretKeySpec key = key(passphrase, salt, LOG_N, R, P);
        byte[] current = in.readNBytes(CHUNK);
        long counter = 0;
        while (true) {
            byte[] next = current.length == CHUNK ? in.readNBytes(CHUNK) : new byte[0];
            boolean last = next.length == 0;
            out.write(seal(Cipher.ENCRYPT_MODE, key, counter++, last, header, current, current.length));
            if (last) {
                return;
            }
            current = next;
        }
    }

    /**
     * Decrypts {@code in} onto {@code out}.
     *
     * @throws IOException whose message says "wrong passphrase or damaged file" when a tag does not check, and what
     *     else is wrong otherwise (not encrypted, truncated)
     */
    public static void decrypt(InputStream in, OutputStream out, char[] passphrase) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = data.readNBytes(MAGIC.length);
        if (!isEncrypted(magic)) {
            throw new IOException("not an encrypted Warren backup (expected: the bytes WRNBAK01 first)");
        }
        int logN = data.readUnsignedByte();
        int r = data.readUnsignedByte();
        int p = data.readUnsignedByte();
        if (logN < 10 || logN > MAX_LOG_N || r < 1 || r > 32 || p < 1 || p > 4) {
            throw new IOException("scrypt parameters N=2^" + logN + ", r=" + r + ", p=" + p
                    + " (expected: N 2^10..2^" + MAX_LOG_N + ", r 1..32, p 1..4): not a file this program wrote");
        }
        byte[] salt = new byte[SALT];
        data.readFully(salt);
        byte[] header = header(logN, r, p, salt);
        SecretKeySpec key = key(passphrase, salt, logN, r, p);
        byte[] current = data.readNBytes(CHUNK + TAG);
        long counter = 0;
        while (true) {
            if (current.length < TAG) {
                throw new IOException("encrypted backup is truncated (chunk " + counter + " has no tag)");
            }
            byte[] next = current.length == CHUNK + TAG ? data.readNBytes(CHUNK + TAG) : new byte[0];
            boolean last = next.length == 0;
            out.write(seal(Cipher.DECRYPT_MODE, key, counter++, last, header, current, current.length));
            if (last) {
                return;
            }
            current = next;
        }
    }

    /** Encrypts a small value in memory (tests, small files). */
    public static byte[] encrypt(byte[] plain, char[] passphrase) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encrypt(new java.io.ByteArrayInputStream(plain), out, passphrase);
        return out.toByteArray();
    }

    public static byte[] decrypt(byte[] sealed, char[] passphrase) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decrypt(new java.io.ByteArrayInputStream(sealed), out, passphrase);
        return out.toByteArray();
    }

    private static void checkPassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE) {
            throw new IllegalArgumentException("passphrase: **** (expected: at least " + MIN_PASSPHRASE
                    + " characters)");
        }
    }

    private static byte[] header(int logN, int r, int p, byte[] salt) {
        return ByteBuffer.allocate(MAGIC.length + 3 + SALT).put(MAGIC).put((byte) logN).put((byte) r).put((byte) p)
                .put(salt).array();
    }

    private static SecretKeySpec key(char[] passphrase, byte[] salt, int logN, int r, int p) {
        ByteBuffer utf8 = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(passphrase));
        byte[] pass = new byte[utf8.remaining()];
        utf8.get(pass);
        Arrays.fill(utf8.array(), (byte) 0);
        try {
            return new SecretKeySpec(SCrypt.generate(pass, salt, 1 << logN, r, p, 32), "AES");
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    private static byte[] seal(int mode, SecretKeySpec key, long counter, boolean last, byte[] header, byte[] in,
            int length) throws IOException {
        byte[] nonce = ByteBuffer.allocate(12).put((byte) 0).put((byte) 0).put((byte) 0).putLong(counter)
                .put((byte) (last ? 1 : 0)).array();
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(mode, key, new GCMParameterSpec(TAG * 8, nonce));
            gcm.updateAAD(header);
            return gcm.doFinal(in, 0, length);
        } catch (AEADBadTagException e) {
            throw new IOException("wrong passphrase or damaged file (chunk " + counter + " does not authenticate)");
        } catch (GeneralSecurityException e) {
            throw new IOException("AES-256-GCM: " + e.getMessage(), e);
        }
    }
}
