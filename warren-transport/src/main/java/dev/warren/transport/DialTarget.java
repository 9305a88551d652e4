package dev.warren.transport;

import dev.warren.common.net.HostPort;
import io.netty.handler.ssl.SslContext;

/**
 * Where and how to reach a relay.
 *
 * @param relay the relay's address
 * @param tls the client TLS context (trust, client certificate, ALPN {@code warren/1})
 * @param verifyHostname check the relay certificate's names against {@code relay.host()}
 */
public record DialTarget(HostPort relay, SslContext tls, boolean verifyHostname) {
    public DialTarget {
        if (relay == null || tls == null) {
            throw new IllegalArgumentException("relay and tls are required");
        }
    }
}
