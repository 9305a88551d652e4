package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Just-in-time grants. A grant is never deleted: it expires or is revoked, and stays for the record. */
public interface Grants {
    /**
     * A new grant with a new id ({@code g_} + 16 base32 characters), created now.
     *
     * @param deviceId  the device, or {@code null} with a non-empty {@code selector}
     * @param requestId the access request it answers; nullable
     * @throws NotFoundException if the user does not exist
     * @throws IllegalArgumentException if a value is invalid or {@code expiresAt} is not in the future
     */
    Grant create(String userId, String deviceId, Map<String, String> selector, String service, String reason,
            String createdBy, Instant expiresAt, String requestId);

    /**
     * A new device-to-device grant: the agent of {@code fromDeviceId} may forward local connections to the service,
     * otherwise as {@link #create}.
     *
     * @throws NotFoundException if the holder device does not exist
     */
    Grant createForDevice(String fromDeviceId, String deviceId, Map<String, String> selector, String service,
            String reason, String createdBy, Instant expiresAt);

    Optional<Grant> byId(String id);

    /** Matching grants, newest first. */
    List<Grant> query(GrantQuery q);

    /**
     * The user's grants that had not ended by {@code since} (neither expired nor revoked before it), newest first, at
     * most 1000: with {@code since} = now, the live ones.
     */
    List<Grant> ofUser(String userId, Instant since);

    /** As {@link #ofUser}, for the grants a device holds. */
    List<Grant> ofDevice(String fromDeviceId, Instant since);

    /** {@code true} if this call revoked the grant; {@code false} if unknown, already revoked or already expired. */
    boolean revoke(String id, String revokedBy, Instant at);
}
