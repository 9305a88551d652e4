package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A user's API token. Only a hash of its secret is kept; {@link #toString()} masks it.
 *
 * @param expiresAt  {@code null}: never expires
 * @param revokedAt  {@code null}: not revoked
 * @param lastUsedAt {@code null}: never used
 */
public record ApiToken(
        String id,
        String userId,
        String secretHash,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public ApiToken {
        Checks.text("id", id, Checks.ID);
        Checks.text("userId", userId, Checks.ID);
        Checks.secret("secretHash", secretHash, Checks.HASH);
        createdAt = Checks.instant("createdAt", createdAt);
        expiresAt = Checks.optionalInstant(expiresAt);
        revokedAt = Checks.optionalInstant(revokedAt);
        lastUsedAt = Checks.optionalInstant(lastUsedAt);
    }

    /** Not revoked and not expired at {@code now}. */
    public boolean isUsable(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    @Override
    public String toString() {
        return "ApiToken[id=" + id + ", userId=" + userId + ", secretHash=****, createdAt=" + createdAt
                + ", expiresAt=" + expiresAt + ", revokedAt=" + revokedAt + ", lastUsedAt=" + lastUsedAt + "]";
    }
}
