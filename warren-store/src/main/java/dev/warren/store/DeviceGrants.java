package dev.warren.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Device-to-device grants. Never deleted: a grant expires or is revoked, and stays for the record. */
public interface DeviceGrants {
    /**
     * A new grant with a new id ({@code dg_} + 16 base32 characters), created now.
     *
     * @throws IllegalArgumentException if a value is invalid or {@code expiresAt} is not in the future
     */
    DeviceGrant create(String fromDeviceId, String deviceId, String service, String reason, String createdBy,
            Instant expiresAt);

    Optional<DeviceGrant> byId(String id);

    /**
     * Matching grants, newest first, at most {@code limit}.
     *
     * @param fromDeviceId the source device; {@code null} for any
     * @param deviceId the target device; {@code null} for any
     * @param liveAt only those live at this instant; {@code null} for all
     */
    List<DeviceGrant> query(String fromDeviceId, String deviceId, Instant liveAt, int limit);

    /**
     * The source device's grants that had not ended by {@code since}, newest first, at most 1000: with {@code since} =
     * now, the live ones.
     */
    List<DeviceGrant> ofSource(String fromDeviceId, Instant since);

    /** {@code true} if this call revoked the grant; {@code false} if unknown, already revoked or already expired. */
    boolean revoke(String id, String revokedBy, Instant at);
}
