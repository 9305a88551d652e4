package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A token that lets devices enroll, {@code maxUses} times until {@code expiresAt}. Only a hash of
 * its secret is kept; {@link #toString()} masks it.
 */
public record EnrollToken(
        String id,
        String secretHash,
        Instant createdAt,
        Instant expiresAt,
        int maxUses,
        int uses,
        boolean revoked,
        String createdBy,
        String description) {

    static final int MAX_DESCRIPTION = 1024;

    public EnrollToken {
        Checks.text("id", id, Checks.ID);
        Checks.secret("secretHash", secretHash, Checks.HASH);
        createdAt = Checks.instant("createdAt", createdAt);
        expiresAt = Checks.instant("expiresAt", expiresAt);
        if (maxUses < 1) {
            throw new IllegalArgumentException("maxUses: " + maxUses + " (expected: >= 1)");
        }
        if (uses < 0 || uses > maxUses) {
            throw new IllegalArgumentException("uses: " + uses + " (expected: 0.." + maxUses + ")");
        }
        Checks.text("createdBy", createdBy, Checks.NAME);
        Checks.optionalText("description", description, MAX_DESCRIPTION);
    }

    @Override
    public String toString() {
        return "EnrollToken[id=" + id + ", secretHash=****, createdAt=" + createdAt + ", expiresAt=" + expiresAt
                + ", maxUses=" + maxUses + ", uses=" + uses + ", revoked=" + revoked + ", createdBy=" + createdBy
                + ", description=" + description + "]";
    }
}
