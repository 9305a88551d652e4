package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A client certificate the relay issued to a user; it authenticates while not revoked and not expired.
 *
 * @param fingerprint SHA-256 of the certificate's DER, 64 lower-case hex digits
 */
public record UserCertificate(String fingerprint, String userId, Instant createdAt, Instant notAfter,
        Instant revokedAt) {
    public UserCertificate {
        fingerprint = Checks.fingerprint(fingerprint);
        Checks.text("userId", userId, Checks.ID);
        createdAt = Checks.instant("createdAt", createdAt);
        notAfter = Checks.instant("notAfter", notAfter);
        revokedAt = Checks.optionalInstant(revokedAt);
    }

    public boolean isUsable(Instant now) {
        return revokedAt == null && now.isBefore(notAfter);
    }
}
