package dev.warren.api;

import dev.warren.api.audit.AuditWriter;
import dev.warren.api.auth.CertificateAuthenticator;
import dev.warren.api.auth.TokenAuthenticator;
import dev.warren.pki.CertificateAuthority;
import dev.warren.store.WarrenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What the REST API works with.
 *
 * @param control            makes admins' actions take effect on live connections
 * @param certificates       authenticates users by the client certificates the relay issued them
 * @param audit              the audit trail's writer (store and JSON-lines file)
 * @param blocking           runs the handlers (store calls, Argon2, signing); never a Netty event loop
 * @param deviceCertValidity how long device certificates issued at enrollment and renewal are valid
 * @param version            the relay's version, as {@code GET /api/v1/health} reports it
 */
public record ApiContext(WarrenStore store, CertificateAuthority ca, RelayState relay, RelayControl control,
        TokenAuthenticator tokens, CertificateAuthenticator certificates, AuditWriter audit, Executor blocking,
        Clock clock, Duration deviceCertValidity, String version) {

    public ApiContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(blocking, "blocking");
        Objects.requireNonNull(clock, "clock");
        if (deviceCertValidity == null || deviceCertValidity.isNegative() || deviceCertValidity.isZero()) {
            throw new IllegalArgumentException("deviceCertValidity: " + deviceCertValidity + " (expected: > 0)");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version: '" + version + "' (expected: not blank)");
        }
    }
}
