package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * Lets one device ({@code fromDeviceId}, the one whose agent runs a forwarder) reach one service ({@value #ANY_SERVICE}:
 * any) of another device, from its creation until {@code expiresAt}, or until it is revoked.
 *
 * @param revokedAt {@code null} unless revoked
 * @param revokedBy who revoked it; {@code null} unless revoked
 */
public record DeviceGrant(
        String id,
        String fromDeviceId,
        String deviceId,
        String service,
        String reason,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy) {

    public static final String ANY_SERVICE = Grant.ANY_SERVICE;

    public DeviceGrant {
        Checks.text("id", id, Checks.ID);
        Checks.text("fromDeviceId", fromDeviceId, Checks.ID);
        Checks.text("deviceId", deviceId, Checks.ID);
        if (fromDeviceId.equals(deviceId)) {
            throw new IllegalArgumentException("deviceId: " + deviceId + " (expected: another device than the source)");
        }
        Checks.text("service", service, Checks.NAME);
        Checks.text("reason", reason, Grant.MAX_REASON);
        Checks.text("createdBy", createdBy, Checks.NAME);
        createdAt = Checks.instant("createdAt", createdAt);
        expiresAt = Checks.instant("expiresAt", expiresAt);
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt: " + expiresAt + " (expected: after createdAt " + createdAt
                    + ")");
        }
        revokedAt = Checks.optionalInstant(revokedAt);
        Checks.optionalText("revokedBy", revokedBy, Checks.NAME);
        if ((revokedAt == null) != (revokedBy == null)) {
            throw new IllegalArgumentException("revokedBy: " + revokedBy + " with revokedAt: " + revokedAt
                    + " (expected: both null, or both set)");
        }
    }

    /** Not revoked and not expired at {@code now}. */
    public boolean isLive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    /** When it stopped (or will stop) letting the device in: its revocation, else its expiry. */
    public Instant endsAt() {
        return revokedAt != null && revokedAt.isBefore(expiresAt) ? revokedAt : expiresAt;
    }

    /** Whether it covers {@code service} ({@value #ANY_SERVICE} covers them all). */
    public boolean allows(String service) {
        return ANY_SERVICE.equals(this.service) || this.service.equals(service);
    }
}
