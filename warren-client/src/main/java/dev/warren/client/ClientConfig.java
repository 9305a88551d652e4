package dev.warren.client;

import dev.warren.common.net.HostPort;
import dev.warren.transport.Transport;
import dev.warren.transport.proxy.ProxySpec;
import dev.warren.common.tls.TlsIdentity;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.protocol.session.SessionConfig;

/**
 * How an operator reaches the relay and proves who they are: an API token, or a client certificate the relay issued
 * them (then {@code token} may be null; with both, the token is what counts).
 *
 * @param relay the relay's address
 * @param token the operator's API token (never printed); {@code null} when {@code identity} is given
 * @param trust how the relay's certificate is checked: its CA, or the CA's pin
 * @param session protocol settings
 * @param identity the operator's user certificate and key; {@code null} for none
 * @param proxy the HTTP CONNECT or SOCKS5 proxy to reach the relay through; {@code null} for direct
 * @param transport Warren frames right on TLS (default) or over WebSocket
 */
public record ClientConfig(HostPort relay, String token, TrustPolicy trust, SessionConfig session, TlsIdentity identity,
        ProxySpec proxy, Transport transport) {
    public ClientConfig {
        if (relay == null) {
            throw new IllegalArgumentException("relay: missing (expected: --relay host:port, WARREN_RELAY, or 'warren login')");
        }
        if ((token == null || token.isBlank()) && identity == null) {
            throw new IllegalArgumentException("token: missing (expected: --token, WARREN_TOKEN, or 'warren login';"
                    + " or a user certificate from 'warren login --cert')");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (trust == null) {
            throw new IllegalArgumentException(
                    "relay trust: missing (expected: --ca FILE, --ca-pin PIN, WARREN_CA, or 'warren login')");
        }
        if (session == null) {
            session = SessionConfig.DEFAULTS;
        }
        if (transport == null) {
            transport = Transport.TLS;
        }
    }

    public ClientConfig(HostPort relay, String token, TrustPolicy trust, SessionConfig session, TlsIdentity identity) {
        this(relay, token, trust, session, identity, null, null);
    }

    /** An operator with an API token. */
    public ClientConfig(HostPort relay, String token, TrustPolicy trust, SessionConfig session) {
        this(relay, token, trust, session, null);
    }

    /** The same, proving who it is with {@code identity} (a user certificate) instead of a token. */
    public ClientConfig withIdentity(TlsIdentity id) {
        return new ClientConfig(relay, null, trust, session, id, proxy, transport);
    }

    public ClientConfig withProxy(ProxySpec p) {
        return new ClientConfig(relay, token, trust, session, identity, p, transport);
    }

    public ClientConfig withSession(SessionConfig s) {
        return new ClientConfig(relay, token, trust, s, identity, proxy, transport);
    }

    public ClientConfig withTransport(Transport t) {
        return new ClientConfig(relay, token, trust, session, identity, proxy, t);
    }

    public boolean hasToken() {
        return token != null;
    }

    @Override
    public String toString() {
        return "ClientConfig[relay=" + relay + ", token=" + (token == null ? "none" : "****") + ", trust=" + trust
                + ", identity=" + (identity == null ? "none" : "user certificate")
                + (proxy == null ? "" : ", proxy=" + proxy.redacted()) + ", transport=" + transport + "]";
    }
}
