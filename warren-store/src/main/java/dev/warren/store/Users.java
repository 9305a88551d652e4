package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Users, their dashboard passwords, API tokens and certificates. Updates that name an unknown user or token throw
 * {@link NotFoundException}.
 */
public interface Users {
    /**
     * A new enabled user with a new id ({@code u_} + 16 base32 characters).
     *
     * @throws DuplicateNameException if the name is taken
     */
    User create(String name, Role role);

    Optional<User> byId(String id);

    Optional<User> byName(String name);

    /** All users, by name. */
    List<User> list();

    void setDisabled(String id, boolean disabled);

    /**
     * Sets the user's dashboard password to the given hash (the caller hashes: Argon2id), its change time to now;
     * {@code null} removes the password.
     *
     * @return the user as stored now
     * @throws NotFoundException if the user does not exist
     */
    User setPassword(String userId, String passwordHash);

    /** The hash of the user's password; empty if the user has none or does not exist. */
    Optional<String> passwordHash(String userId);

    /**
     * Stores a token for the user; the caller makes the id and hashes the secret.
     *
     * @param expiresAt {@code null}: never expires
     * @throws NotFoundException if the user does not exist
     * @throws DuplicateNameException if the token id is taken
     */
    ApiToken addToken(String userId, String tokenId, String secretHash, Instant expiresAt);

    Optional<ApiToken> tokenById(String tokenId);

    /** The user's tokens, oldest first. */
    List<ApiToken> tokensOf(String userId);

    /** {@code true} if this call revoked the token; {@code false} if unknown or already revoked. */
    boolean revokeToken(String tokenId, Instant at);

    /** Records a use; never moves the time backwards. */
    void tokenUsed(String tokenId, Instant at);

    /**
     * Records a client certificate issued to the user.
     *
     * @throws NotFoundException if the user does not exist
     * @throws DuplicateNameException if the fingerprint is already recorded
     */
    UserCertificate addCertificate(String userId, String fingerprint, Instant notAfter);

    Optional<UserCertificate> certificate(String fingerprint);

    /** The user's certificates, oldest first. */
    List<UserCertificate> certificatesOf(String userId);

    /** {@code true} if this call revoked the certificate; {@code false} if unknown or already revoked. */
    boolean revokeCertificate(String fingerprint, Instant at);
}
