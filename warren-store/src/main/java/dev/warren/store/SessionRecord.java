package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * One operator session to one service of one device, through one relay node.
 *
 * @param endedAt     {@code null} while open
 * @param closeReason {@code null} while open; set together with {@code endedAt}
 * @param grantId     the grant the session ran under; {@code null} for an admin (who needs none)
 */
public record SessionRecord(
        String id,
        String deviceId,
        String deviceName,
        String service,
        String operator,
        String sourceAddress,
        String relayNode,
        Instant startedAt,
        Instant endedAt,
        long bytesToDevice,
        long bytesFromDevice,
        String closeReason,
        String grantId) {

    public SessionRecord {
        Checks.text("id", id, Checks.ID);
        Checks.text("deviceId", deviceId, Checks.ID);
        Checks.text("deviceName", deviceName, Checks.NAME);
        Checks.text("service", service, Checks.NAME);
        Checks.text("operator", operator, Checks.NAME);
        Checks.text("sourceAddress", sourceAddress, Checks.TEXT);
        Checks.text("relayNode", relayNode, Checks.NAME);
        startedAt = Checks.instant("startedAt", startedAt);
        endedAt = Checks.optionalInstant(endedAt);
        Checks.nonNegative("bytesToDevice", bytesToDevice);
        Checks.nonNegative("bytesFromDevice", bytesFromDevice);
        Checks.optionalText("closeReason", closeReason, Checks.TEXT);
        if ((endedAt == null) != (closeReason == null)) {
            throw new IllegalArgumentException("closeReason: " + closeReason + " with endedAt: " + endedAt
                    + " (expected: both null while open, both set once closed)");
        }
        Checks.optionalText("grantId", grantId, Checks.ID);
    }

    /** A session without a grant. */
    public SessionRecord(String id, String deviceId, String deviceName, String service, String operator,
            String sourceAddress, String relayNode, Instant startedAt, Instant endedAt, long bytesToDevice,
            long bytesFromDevice, String closeReason) {
        this(id, deviceId, deviceName, service, operator, sourceAddress, relayNode, startedAt, endedAt, bytesToDevice,
                bytesFromDevice, closeReason, null);
    }

    /** A session that just started: no end, no bytes. */
    public static SessionRecord open(String id, String deviceId, String deviceName, String service, String operator,
            String sourceAddress, String relayNode, Instant startedAt) {
        return open(id, deviceId, deviceName, service, operator, sourceAddress, relayNode, startedAt, null);
    }

    /** A session that just started under {@code grantId} (nullable). */
    public static SessionRecord open(String id, String deviceId, String deviceName, String service, String operator,
            String sourceAddress, String relayNode, Instant startedAt, String grantId) {
        return new SessionRecord(id, deviceId, deviceName, service, operator, sourceAddress, relayNode, startedAt,
                null, 0, 0, null, grantId);
    }

    public boolean isOpen() {
        return endedAt == null;
    }
}
