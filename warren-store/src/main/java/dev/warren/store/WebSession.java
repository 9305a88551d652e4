package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A browser signed in to the web dashboard, as the store keeps it: by the SHA-256 of its session id, never the id.
 * {@link #toString()} shows neither the hash nor the CSRF token.
 *
 * @param idHash           SHA-256 of the session id (the cookie's value), 64 lowercase hex digits
 * @param tokenId          the API token the user signed in with; {@code null}: signed in with their password
 * @param csrfToken        the session's synchronizer token, which every form of the session carries
 * @param idleDeadline     the session ends here unless used again (each use moves it, up to the absolute deadline)
 * @param absoluteDeadline the session ends here whatever the use
 */
public record WebSession(String idHash, String userId, String tokenId, String csrfToken, Instant createdAt,
        Instant idleDeadline, Instant absoluteDeadline) {

    public WebSession {
        if (idHash == null || !idHash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("idHash: " + (idHash == null ? "null" : "****")
                    + " (expected: 64 lowercase hex digits, the SHA-256 of the session id)");
        }
        Checks.text("userId", userId, Checks.ID);
        Checks.optionalText("tokenId", tokenId, Checks.ID);
        Checks.secret("csrfToken", csrfToken, Checks.ID);
        createdAt = Checks.instant("createdAt", createdAt);
        idleDeadline = Checks.instant("idleDeadline", idleDeadline);
        absoluteDeadline = Checks.instant("absoluteDeadline", absoluteDeadline);
        if (idleDeadline.isAfter(absoluteDeadline) || !createdAt.isBefore(idleDeadline)) {
            throw new IllegalArgumentException("deadlines: created " + createdAt + ", idle " + idleDeadline
                    + ", absolute " + absoluteDeadline + " (expected: created < idle <= absolute)");
        }
    }

    /** Whether the session is still live at {@code now}: before both deadlines. */
    public boolean isLiveAt(Instant now) {
        return now.isBefore(idleDeadline) && now.isBefore(absoluteDeadline);
    }

    @Override
    public String toString() {
        return "WebSession[userId=" + userId + ", tokenId=" + tokenId + ", createdAt=" + createdAt + ", idleDeadline="
                + idleDeadline + ", absoluteDeadline=" + absoluteDeadline + "]";
    }
}
