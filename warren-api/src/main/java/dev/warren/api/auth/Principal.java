package dev.warren.api.auth;

import dev.warren.store.Role;
import java.util.Objects;

/**
 * A user authenticated by one of their API tokens ({@code tokenId}), by a client certificate the relay issued them
 * ({@code certFingerprint}), or, on the web dashboard only, by their password ({@code password}); exactly one of the
 * three.
 */
public record Principal(String userId, String name, Role role, String tokenId, String certFingerprint,
        boolean password) {
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        int credentials = (tokenId != null ? 1 : 0) + (certFingerprint != null ? 1 : 0) + (password ? 1 : 0);
        if (credentials != 1) {
            throw new IllegalArgumentException("tokenId: " + tokenId + ", certFingerprint: " + certFingerprint
                    + ", password: " + password + " (expected: exactly one)");
        }
    }

    /** A user authenticated by an API token or by a client certificate. */
    public Principal(String userId, String name, Role role, String tokenId, String certFingerprint) {
        this(userId, name, role, tokenId, certFingerprint, false);
    }

    /** A user authenticated by an API token. */
    public Principal(String userId, String name, Role role, String tokenId) {
        this(userId, name, role, tokenId, null, false);
    }

    /** A user authenticated by a client certificate. */
    public static Principal byCertificate(String userId, String name, Role role, String certFingerprint) {
        return new Principal(userId, name, role, null, certFingerprint, false);
    }

    /** A user signed in to the dashboard with their password. */
    public static Principal byPassword(String userId, String name, Role role) {
        return new Principal(userId, name, role, null, null, true);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /**
     * How the user proved who they are, for logs and audit: {@code token <id>}, {@code certificate <fp…>} or
     * {@code password}.
     */
    public String credential() {
        if (tokenId != null) {
            return "token " + tokenId;
        }
        return password ? "password" : "certificate " + certFingerprint.substring(0, 16);
    }
}
