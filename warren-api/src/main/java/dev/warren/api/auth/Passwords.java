package dev.warren.api.auth;

import dev.warren.pki.SecretHasher;
import java.util.Optional;

/**
 * What a user's dashboard password must be, and its hash. The rules follow NIST SP 800-63B: long rather than
 * complex (at least {@value #MIN_LENGTH} characters, any characters but control characters, spaces allowed), bounded
 * ({@value #MAX_LENGTH} characters at most), and not the user's own name. Stored as an Argon2id hash
 * ({@link SecretHasher}); a refusal never repeats the password.
 */
public final class Passwords {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;

    private Passwords() {}

    /** Why {@code password} cannot be {@code userName}'s password, or empty if it can. */
    public static Optional<String> problem(String password, String userName) {
        if (password == null || password.isEmpty()) {
            return Optional.of("password: missing (expected: at least " + MIN_LENGTH + " characters)");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("password: " + length + " characters (expected: at least " + MIN_LENGTH + ")");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("password: " + password.length() + " characters (expected: at most " + MAX_LENGTH + ")");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("password: **** (expected: no control characters, such as a line break or a tab)");
        }
        if (password.isBlank()) {
            return Optional.of("password: only spaces (expected: other characters too)");
        }
        if (password.strip().equalsIgnoreCase(userName)) {
            return Optional.of("password: the user's own name (expected: something else)");
        }
        return Optional.empty();
    }

    /** The Argon2id hash to store (BLOCKING: about 30 ms). */
    public static String hash(String password) {
        return SecretHasher.hash(password);
    }
}
