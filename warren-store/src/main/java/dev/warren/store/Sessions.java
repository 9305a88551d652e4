package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Session history: one row per operator session, opened and closed by the relay node that carries it. */
public interface Sessions {
    /**
     * Inserts a session (normally open, see {@link SessionRecord#open}).
     *
     * @throws DuplicateNameException if the id is taken
     */
    void opened(SessionRecord session);

    /**
     * Closes an open session with its final byte counts. Closing a session that is already closed
     * changes nothing (the first close wins).
     *
     * @throws NotFoundException if there is no such session
     */
    void closed(String id, Instant endedAt, long bytesToDevice, long bytesFromDevice, String closeReason);

    Optional<SessionRecord> byId(String id);

    /** Matching sessions, newest first. */
    List<SessionRecord> query(SessionQuery q);

    /**
     * Closes every session still open on {@code relayNode} (crash recovery on relay start), keeping
     * their byte counts; returns how many.
     */
    int closeAllOpen(String relayNode, Instant at, String reason);
}
