package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/** The certificate of a deleted device: the relay refuses it, saying why. */
public record RevokedCertificate(String fingerprint, String deviceId, String deviceName, Instant revokedAt,
        String reason) {
    public RevokedCertificate {
        fingerprint = Checks.fingerprint(fingerprint);
        Checks.text("deviceId", deviceId, Checks.ID);
        Checks.text("deviceName", deviceName, Checks.NAME);
        revokedAt = Checks.instant("revokedAt", revokedAt);
        Checks.text("reason", reason, Checks.TEXT);
    }
}
