package dev.warren.api.enroll;

import dev.warren.pki.BootstrapToken;
import dev.warren.pki.SecretHasher;
import dev.warren.pki.Tokens;
import java.util.Objects;

/**
 * Enrollment (bootstrap) tokens {@code wet1.<id>.<secret>.<ca pin>}: making new ones and reading them. The format
 * itself is {@link BootstrapToken} in warren-pki, where the agent reads it too.
 */
public final class BootstrapTokens {
    private static final int ID_BYTES = 8;
    private static final int SECRET_BYTES = 32;

    private BootstrapTokens() {}

    /** A newly made token: the whole token (shown once) and the hash of its secret (to store). */
    public record Issued(BootstrapToken token, String secretHash) {
        public Issued {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(secretHash, "secretHash");
        }

        public String id() {
            return token.id();
        }

        /** The token as the admin hands it to a device. */
        public String text() {
            return token.format();
        }

        @Override
        public String toString() {
            return "Issued[token=" + token + ", secretHash=****]";
        }
    }

    /** A new random token for a relay whose CA has the SPKI pin {@code caPin} (blocking: Argon2). */
    public static Issued issue(String caPin) {
        String secret = Tokens.randomSecret(SECRET_BYTES);
        BootstrapToken token = new BootstrapToken(Tokens.randomId(ID_BYTES), secret, caPin);
        return new Issued(token, SecretHasher.hash(secret));
    }

    /**
     * Reads a token.
     *
     * @throws IllegalArgumentException naming the part that is wrong, never echoing the secret
     */
    public static BootstrapToken parse(String text) {
        if (text != null && text.length() > 256) {
            throw new IllegalArgumentException("enrollment token: " + text.length()
                    + " characters (expected: wet1.<id>.<secret>.<ca pin>, about 110)");
        }
        return BootstrapToken.parse(text);
    }
}
