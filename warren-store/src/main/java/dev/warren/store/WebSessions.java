package dev.warren.store;

import java.time.Instant;
import java.util.Optional;

/**
 * The web dashboard's sign-in sessions (V7), shared by every relay node on the same store and kept across restarts.
 * Sessions are found by the SHA-256 of their id; the id itself never reaches the store. Times are the caller's
 * ({@code now} arguments), so that one clock decides expiry.
 */
public interface WebSessions {
    /**
     * Stores a new session.
     *
     * @throws NotFoundException if the user does not exist
     * @throws DuplicateNameException if a session with this hash exists
     */
    WebSession create(WebSession session);

    /** The session with this id hash if it is live at {@code now}; an expired one is deleted on the way. */
    Optional<WebSession> find(String idHash, Instant now);

    /**
     * Moves the idle deadline of a session that is live at {@code now} to {@code idleDeadline}, never past its absolute
     * deadline and never backwards; {@code false} if there is no such live session.
     */
    boolean extend(String idHash, Instant now, Instant idleDeadline);

    /** Ends one session; {@code false} if there was none with this hash. */
    boolean delete(String idHash);

    /**
     * Ends the user's sessions signed in with their password (not those signed in with an API token, which end with
     * the token); returns how many.
     */
    int deletePasswordSessionsOf(String userId);

    /** Deletes every session that has expired at {@code now}; returns how many. */
    int purge(Instant now);

    /** How many sessions are live at {@code now}. */
    int countLive(Instant now);
}
