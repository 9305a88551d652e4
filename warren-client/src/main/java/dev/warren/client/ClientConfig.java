package dev.warren.client;

import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.protocol.session.SessionConfig;

/**
 * How an operator reaches the relay.
 *
 * @param relay the relay's address
 * @param token the operator's API token (never printed)
 * @param trust how the relay's certificate is checked: its CA, or the CA's pin
 * @param session protocol settings
 */
public record ClientConfig(HostPort relay, String token, TrustPolicy trust, SessionConfig session) {
    public ClientConfig {
        if (relay == null) {
            throw new IllegalArgumentException("relay: missing (expected: --relay host:port, WARREN_RELAY, or 'warren login')");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token: missing (expected: --token, WARREN_TOKEN, or 'warren login')");
        }
        if (trust == null) {
            throw new IllegalArgumentException(
                    "relay trust: missing (expected: --ca FILE, --ca-pin PIN, WARREN_CA, or 'warren login')");
        }
        if (session == null) {
            session = SessionConfig.DEFAULTS;
        }
    }

    @Override
    public String toString() {
        return "ClientConfig[relay=" + relay + ", token=****, trust=" + trust + "]";
    }
}
