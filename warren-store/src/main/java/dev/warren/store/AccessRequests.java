package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Operators' requests for grants. */
public interface AccessRequests {
    /**
     * A new pending request with a new id ({@code r_} + 16 base32 characters).
     *
     * @throws NotFoundException if the user does not exist
     */
    AccessRequest create(String userId, String device, String service, long durationSeconds, String reason);

    Optional<AccessRequest> byId(String id);

    /** Requests, newest first; {@code null} filters match everything; {@code limit} 1..10000. */
    List<AccessRequest> query(String userId, AccessRequest.Status status, int limit);

    /**
     * Decides a pending request, atomically: of concurrent deciders exactly one gets {@code true}. {@code false} if it is
     * unknown or already decided.
     *
     * @param status APPROVED or DENIED
     */
    boolean decide(String id, AccessRequest.Status status, String decidedBy, Instant at, String note);

    /** Records the grant an approval created. */
    void attachGrant(String id, String grantId);
}
