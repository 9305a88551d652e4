package dev.warren.api;

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
 * @param blocking           runs the handlers (store calls, Argon2, signing); never a Netty event loop
 * @param deviceCertValidity how long device certificates issued at enrollment and renewal are valid
 * @param version            the relay's version, as {@code GET /api/v1/health} reports it
 */
public record ApiContext(WarrenStore store, CertificateAuthority ca, RelayState relay, TokenAuthenticator tokens,
        Executor blocking, Clock clock, Duration deviceCertValidity, String version) {

    public ApiContext {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(tokens, "tokens");
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
