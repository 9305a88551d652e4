package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A filter for {@link Grants#query}; {@code null} filters match everything.
 *
 * @param userId   only this user's grants
 * @param fromDeviceId only grants this device holds (device-to-device)
 * @param deviceId only grants that name this device by id (selector grants are matched by the caller, who knows the
 *                 device's labels)
 * @param liveAt   only grants live at this instant (not revoked, not expired)
 * @param limit    1..10000 rows, newest first
 */
public record GrantQuery(String userId, String fromDeviceId, String deviceId, Instant liveAt, int limit) {
    public GrantQuery {
        Checks.optionalText("userId", userId, Checks.ID);
        Checks.optionalText("fromDeviceId", fromDeviceId, Checks.ID);
        Checks.optionalText("deviceId", deviceId, Checks.ID);
        liveAt = Checks.optionalInstant(liveAt);
        Checks.limit(limit);
    }

    /** Without the holder-device filter. */
    public GrantQuery(String userId, String deviceId, Instant liveAt, int limit) {
        this(userId, null, deviceId, liveAt, limit);
    }
}
