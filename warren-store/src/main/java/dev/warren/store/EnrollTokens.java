package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Enrollment tokens. The caller makes the id and hashes the secret; the store never sees the secret. */
public interface EnrollTokens {
    /**
     * Stores a new token with no uses.
     *
     * @throws DuplicateNameException if the id is taken
     * @throws IllegalArgumentException if {@code expiresAt} is not in the future
     */
    EnrollToken create(String id, String secretHash, Instant expiresAt, int maxUses, String createdBy,
            String description);

    Optional<EnrollToken> byId(String id);

    /**
     * Takes one use, atomically: under any concurrency a token with n uses left yields exactly n
     * {@link ConsumeResult#CONSUMED}. Otherwise says why not (revoked, then expired, then exhausted).
     */
    ConsumeResult consume(String id, Instant now);

    /** All tokens, newest first. */
    List<EnrollToken> list();

    /** {@code true} if this call revoked the token; {@code false} if unknown or already revoked. */
    boolean revoke(String id);
}
