package dev.warren.api.auth;

import dev.warren.store.Role;
import java.util.Objects;

/**
 * A user authenticated by one of their API tokens ({@code tokenId}) or by a client certificate the relay issued them
 * ({@code certFingerprint}); exactly one of the two is set.
 */
public record Principal(String userId, String name, Role role, String tokenId, String certFingerprint) {
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if ((tokenId == null) == (certFingerprint == null)) {
            throw new IllegalArgumentException("tokenId: " + tokenId + ", certFingerprint: " + certFingerprint
                    + " (expected: exactly one)");
        }
    }

    /** A user authenticated by an API token. */
    public Principal(String userId, String name, Role role, String tokenId) {
        this(userId, name, role, tokenId, null);
    }

    /** A user authenticated by a client certificate. */
    public static Principal byCertificate(String userId, String name, Role role, String certFingerprint) {
        return new Principal(userId, name, role, null, certFingerprint);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** How the user proved who they are, for logs and audit: {@code token <id>} or {@code certificate <fp…>}. */
    public String credential() {
        return tokenId != null ? "token " + tokenId : "certificate " + certFingerprint.substring(0, 16);
    }
}
