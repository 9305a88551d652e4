package dev.warren.transport;

import dev.warren.protocol.ProtocolVersion;
import io.netty.handler.ssl.ApplicationProtocolNames;
import java.util.Locale;

/** How the Warren protocol rides on the relay's TLS port. */
public enum Transport {
    /** Warren frames right on TLS, ALPN {@code warren/1}. */
    TLS(ProtocolVersion.ALPN),
    /** Warren frames in WebSocket binary messages, after an HTTP/1.1 upgrade (ALPN {@code http/1.1}). */
    WSS(ApplicationProtocolNames.HTTP_1_1);

    private final String alpn;

    Transport(String alpn) {
        this.alpn = alpn;
    }

    /** The ALPN protocol the client offers in its TLS handshake. */
    public String alpn() {
        return alpn;
    }

    /** {@code tls} or {@code wss}, as given to {@code --transport}. */
    public static Transport parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "tls" -> TLS;
            case "wss", "websocket" -> WSS;
            default -> throw new IllegalArgumentException("transport: '" + text + "' (expected: tls or wss)");
        };
    }
}
