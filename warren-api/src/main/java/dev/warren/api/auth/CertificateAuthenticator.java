package dev.warren.api.auth;

import dev.warren.pki.Fingerprints;
import dev.warren.store.User;
import dev.warren.store.UserCertificate;
import dev.warren.store.WarrenStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies user client certificates for the REST API and for operator sessions. TLS already checked that the relay's
 * CA signed the certificate and that it is within its validity; here it must name a user ({@code urn:warren:user:}),
 * be recorded in the store, not be revoked, and its user must exist and be enabled. Read from the store on every
 * call, so a revocation takes effect at once.
 */
public final class CertificateAuthenticator {
    private final WarrenStore store;
    private final Clock clock;

    public CertificateAuthenticator(WarrenStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code certificate} claims to be a user's (and so should be checked here rather than as a device). */
    public static boolean isUserCertificate(X509Certificate certificate) {
        return UserCertificates.userId(certificate).isPresent();
    }

    /** BLOCKING (store). */
    public AuthResult authenticate(X509Certificate certificate) {
        Optional<String> userId = UserCertificates.userId(certificate);
        if (userId.isEmpty()) {
            return new AuthResult.Refused("client certificate names no Warren user (expected: a URI SAN "
                    + UserCertificates.URI_PREFIX + "<id>)");
        }
        String fingerprint = Fingerprints.sha256Hex(certificate);
        Optional<UserCertificate> recorded = store.users().certificate(fingerprint);
        if (recorded.isEmpty() || !recorded.get().userId().equals(userId.get())) {
            return new AuthResult.Refused("user certificate " + fingerprint.substring(0, 16) + "… unknown to this relay");
        }
        Instant now = clock.instant();
        UserCertificate cert = recorded.get();
        if (cert.revokedAt() != null) {
            return new AuthResult.Refused("user certificate " + fingerprint.substring(0, 16) + "… revoked at "
                    + cert.revokedAt().truncatedTo(ChronoUnit.SECONDS));
        }
        if (!now.isBefore(cert.notAfter())) {
            return new AuthResult.Refused("user certificate " + fingerprint.substring(0, 16) + "… expired at "
                    + cert.notAfter().truncatedTo(ChronoUnit.SECONDS));
        }
        Optional<User> user = store.users().byId(cert.userId());
        if (user.isEmpty()) {
            return new AuthResult.Refused("user certificate " + fingerprint.substring(0, 16) + "… unknown to this relay");
        }
        if (user.get().disabled()) {
            return new AuthResult.Refused("user '" + user.get().name() + "' is disabled");
        }
        return new AuthResult.Ok(Principal.byCertificate(user.get().id(), user.get().name(), user.get().role(),
                fingerprint));
    }
}
