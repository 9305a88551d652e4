package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * An operator's request for a grant, which an admin approves (creating the grant) or denies.
 *
 * @param device   the device (name or id) or a label selector ({@code k=v,...}) as the operator wrote it; the relay
 *                 resolves it only when an admin decides, so a request never tells its author whether a device exists
 * @param decidedBy {@code null} while pending
 * @param grantId  the grant an approval created; {@code null} otherwise
 */
public record AccessRequest(
        String id,
        String userId,
        String userName,
        String device,
        String service,
        long durationSeconds,
        String reason,
        Instant createdAt,
        Status status,
        String decidedBy,
        Instant decidedAt,
        String note,
        String grantId) {

    public enum Status { PENDING, APPROVED, DENIED }

    public AccessRequest {
        Checks.text("id", id, Checks.ID);
        Checks.text("userId", userId, Checks.ID);
        Checks.text("userName", userName, Checks.NAME);
        Checks.text("device", device, Checks.TEXT);
        Checks.text("service", service, Checks.NAME);
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("durationSeconds: " + durationSeconds + " (expected: >= 1)");
        }
        Checks.text("reason", reason, Grant.MAX_REASON);
        createdAt = Checks.instant("createdAt", createdAt);
        Checks.notNull("status", status);
        Checks.optionalText("decidedBy", decidedBy, Checks.NAME);
        decidedAt = Checks.optionalInstant(decidedAt);
        if ((status == Status.PENDING) != (decidedBy == null) || (decidedBy == null) != (decidedAt == null)) {
            throw new IllegalArgumentException("status: " + status + " with decidedBy: " + decidedBy + ", decidedAt: "
                    + decidedAt + " (expected: both null while PENDING, both set once decided)");
        }
        Checks.optionalText("note", note, Grant.MAX_REASON);
        Checks.optionalText("grantId", grantId, Checks.ID);
    }
}
