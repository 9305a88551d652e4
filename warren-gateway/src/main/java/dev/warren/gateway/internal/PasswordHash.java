package dev.warren.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** One htpasswd entry's hash; {@link #weak()} ones are accepted only with {@code --allow-weak-hashes}. */
public sealed interface PasswordHash {

    boolean verify(String password);

    boolean weak();

    /** The scheme's name for messages (never the hash). */
    String scheme();

    static PasswordHash parse(String hash) {
        if (hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$")) {
            return new Bcrypt(hash);
        }
        if (hash.startsWith("$apr1$")) {
            return new Apr1(hash);
        }
        if (hash.startsWith("{SHA}")) {
            return new Sha1(hash.substring(5));
        }
        if (hash.startsWith("$")) {
            throw new IllegalArgumentException("unsupported hash scheme " + hash.substring(0, Math.min(4, hash.length()))
                    + " (expected bcrypt, made by htpasswd -B)");
        }
        if (hash.length() == 13 && hash.matches("[./0-9A-Za-z]{13}")) {
            throw new IllegalArgumentException("DES crypt hashes are not supported (8-character limit; use htpasswd -B)");
        }
        return new Plain(hash);
    }

    /** {@code htpasswd -B}: bcrypt, verified by Bouncy Castle. */
    record Bcrypt(String hash) implements PasswordHash {
        public Bcrypt {
            if (hash.length() != 60) {
                throw new IllegalArgumentException("bcrypt hash of " + hash.length() + " characters (expected 60)");
            }
            // "$2y$" is the same algorithm as "$2b$"; Bouncy Castle knows both names, normalise anyway
        }

        @Override
        public boolean verify(String password) {
            String h = hash.startsWith("$2y$") ? "$2b$" + hash.substring(4) : hash;
            return OpenBSDBCrypt.checkPassword(h, password.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean weak() {
            return false;
        }

        @Override
        public String scheme() {
            return "bcrypt";
        }

        @Override
        public String toString() {
            return "Bcrypt[...]";
        }
    }

    /** {@code htpasswd -s}: unsalted SHA-1. */
    record Sha1(String base64) implements PasswordHash {
        @Override
        public boolean verify(String password) {
            byte[] expected = Base64.getDecoder().decode(base64);
            return MessageDigest.isEqual(expected, digest("SHA-1", password.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public boolean weak() {
            return true;
        }

        @Override
        public String scheme() {
            return "{SHA}";
        }

        @Override
        public String toString() {
            return "Sha1[...]";
        }
    }

    /** {@code htpasswd -m}: Apache's MD5 crypt. */
    record Apr1(String hash) implements PasswordHash {
        @Override
        public boolean verify(String password) {
            String[] parts = hash.split("\\$");
            if (parts.length != 4) {
                return false;
            }
            byte[] computed = Md5Crypt.apr1(password, parts[2]).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(computed, hash.getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public boolean weak() {
            return true;
        }

        @Override
        public String scheme() {
            return "$apr1$ (MD5)";
        }

        @Override
        public String toString() {
            return "Apr1[...]";
        }
    }

    /** {@code htpasswd -p}: the password itself. */
    record Plain(String text) implements PasswordHash {
        @Override
        public boolean verify(String password) {
            return MessageDigest.isEqual(text.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean weak() {
            return true;
        }

        @Override
        public String scheme() {
            return "plain text";
        }

        @Override
        public String toString() {
            return "Plain[...]";
        }
    }

    static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
