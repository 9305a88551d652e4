package dev.warren.transport;

import dev.warren.common.net.HostPort;
import dev.warren.transport.proxy.ProxySpec;
import io.netty.handler.ssl.SslContext;

/**
 * Where and how to reach a relay.
 *
 * @param relay the relay's address
 * @param tls the client TLS context (trust, client certificate, ALPN {@code warren/1})
 * @param verifyHostname check the relay certificate's names against {@code relay.host()}
 * @param proxy the proxy to dial through, or null for a direct connection
 * @param transport Warren frames right on TLS, or over WebSocket ({@code tls} must then offer ALPN {@code http/1.1})
 */
public record DialTarget(HostPort relay, SslContext tls, boolean verifyHostname, ProxySpec proxy,
        Transport transport) {
    public DialTarget {
        if (relay == null || tls == null) {
            throw new IllegalArgumentException("relay and tls are required");
        }
        if (transport == null) {
            transport = Transport.TLS;
        }
    }

    public DialTarget(HostPort relay, SslContext tls, boolean verifyHostname) {
        this(relay, tls, verifyHostname, null, Transport.TLS);
    }

    /** How the relay is reached, for logs: {@code relay:7443} or {@code relay:7443 via http://user:***@gw:3128}. */
    public String route() {
        String how = transport == Transport.WSS ? " over wss" : "";
        return proxy == null ? relay + how : relay + how + " via " + proxy.redacted();
    }
}
