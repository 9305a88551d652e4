package dev.warren.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id hashes of passwords and token secrets, as PHC strings
 * ({@code $argon2id$v=19$m=12288,t=3,p=1$salt$hash}), computed by Bouncy Castle's lightweight API (no provider).
 *
 * <p>Parameters: m=12 MiB, t=3, p=1 is one of the equivalent settings OWASP's Password Storage Cheat Sheet lists
 * as the minimum for Argon2id (with 19 MiB/t=2, 9 MiB/t=4, 7 MiB/t=5). With Bouncy Castle's pure-Java Argon2 it
 * takes about 28 ms on this project's 2-core machines (19 MiB/t=2 took 34 ms, 7 MiB/t=5 22 ms), inside the
 * 10-30 ms budget for a login. The 12 MiB each running hash needs bounds memory under concurrent logins.
 * {@link #verify} reads the parameters from the stored string, so they can be raised later without breaking old hashes.
 */
public final class SecretHasher {
    static final int MEMORY_KIB = 12 * 1024;
    static final int ITERATIONS = 3;
    static final int PARALLELISM = 1;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    // bounds for stored strings: a corrupt or hostile hash must not make verify allocate gigabytes or spin for minutes
    private static final int MAX_MEMORY_KIB = 256 * 1024;
    private static final int MAX_ITERATIONS = 16;
    private static final int MAX_PARALLELISM = 16;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private SecretHasher() {}

    /** A fresh salt and the Argon2id hash of {@code secret}, as a PHC string. */
    public static String hash(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("secret: empty (expected: at least one character)");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = argon2(secret, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * True when {@code secret} hashes to {@code phc}; false for a wrong secret, and for a null, malformed or
     * out-of-bounds PHC string. Never throws. The comparison takes the same time wherever the bytes differ.
     */
    public static boolean verify(String secret, String phc) {
        if (secret == null || phc == null) {
            return false;
        }
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        try {
            int memory = Integer.parseInt(m.group(1));
            int iterations = Integer.parseInt(m.group(2));
            int parallelism = Integer.parseInt(m.group(3));
            if (iterations < 1 || iterations > MAX_ITERATIONS || parallelism < 1 || parallelism > MAX_PARALLELISM
                    || memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
                return false;
            }
            byte[] salt = Base64.getDecoder().decode(m.group(4));
            byte[] expected = Base64.getDecoder().decode(m.group(5));
            if (salt.length < 8 || expected.length < 16 || expected.length > 64) {
                return false;
            }
            byte[] actual = argon2(secret, salt, memory, iterations, parallelism, expected.length);
            return MessageDigest.isEqual(actual, expected);
        } catch (RuntimeException e) {
            return false; // bad base64 and the like: a malformed hash matches nothing
        }
    }

    private static byte[] argon2(String secret, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] password = secret.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(password, out);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        return out;
    }
}
