package dev.warren.api.auth;

import dev.warren.pki.SecretHasher;
import dev.warren.pki.Tokens;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API tokens: {@code wat1.<id>.<secret>}, the id 16 lowercase hex characters (8 random bytes), the secret 32 random
 * bytes in base64url without padding (43 characters). The relay keeps only the Argon2id hash of the secret.
 */
public final class ApiTokens {
    public static final String PREFIX = "wat1";
    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;
    /** Longer text is refused before any regex runs. */
    private static final int MAX_LENGTH = 128;
    private static final Pattern FORMAT = Pattern.compile("wat1\\.([0-9a-f]{16})\\.([A-Za-z0-9_-]{43})");

    private ApiTokens() {}

    /** A newly made token: its id, the whole token (shown once) and the hash to store. */
    public record Issued(String id, String token, String secretHash) {
        public Issued {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(secretHash, "secretHash");
        }

        @Override
        public String toString() {
            return "Issued[id=" + id + ", token=" + PREFIX + "." + id + ".****, secretHash=****]";
        }
    }

    /** The parts of a well-formed token. */
    public record Parsed(String id, String secret) {
        public Parsed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "Parsed[id=" + id + ", secret=****]";
        }
    }

    /** A new random token and the Argon2id hash of its secret (blocking: Argon2 takes tens of milliseconds). */
    public static Issued issue() {
        String id = Tokens.randomId(ID_BYTES);
        String secret = Tokens.randomSecret(SECRET_BYTES);
        return new Issued(id, PREFIX + "." + id + "." + secret, SecretHasher.hash(secret));
    }

    /** The id and secret of a well-formed token; empty for anything else. */
    public static Optional<Parsed> parse(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(token);
        return m.matches() ? Optional.of(new Parsed(m.group(1), m.group(2))) : Optional.empty();
    }
}
