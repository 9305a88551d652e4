package dev.warren.pki;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random identifiers and secrets, safe in URLs, file names and HTTP headers. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Fewer than 128 random bits could be guessed; a secret is refused below that. */
    static final int MIN_SECRET_BYTES = 16;
    static final int MAX_BYTES = 1024;

    private Tokens() {}

    /** {@code bytes} random bytes as lowercase hex ({@code 2 * bytes} characters): for identifiers, not secrets. */
    public static String randomId(int bytes) {
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: 1.." + MAX_BYTES + ")");
        }
        return HexFormat.of().formatHex(random(bytes));
    }

    /** {@code bytes} random bytes as base64url without padding: for tokens and generated passwords. */
    public static String randomSecret(int bytes) {
        if (bytes < MIN_SECRET_BYTES || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: " + MIN_SECRET_BYTES + ".." + MAX_BYTES + ")");
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random(bytes));
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return out;
    }
}
