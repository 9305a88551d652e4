package dev.warren.api.auth;

import java.util.Objects;

/** What {@link TokenAuthenticator#authenticate} decided. */
public sealed interface AuthResult {
    /** The token is valid; it belongs to {@code principal}. */
    record Ok(Principal principal) implements AuthResult {
        public Ok {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** The token is refused; {@code reason} is for the caller and the log and never holds the secret. */
    record Refused(String reason) implements AuthResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
