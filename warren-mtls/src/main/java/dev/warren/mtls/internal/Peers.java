package dev.warren.mtls.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A connection's peer as a log line names it: {@code 127.0.0.1:35560}, not InetSocketAddress's
 * {@code /127.0.0.1:35560} or {@code localhost/127.0.0.1:2021}; a Unix socket's client, which has no address of its
 * own (an empty path), as {@code a local client}.
 */
final class Peers {
    private Peers() {}

    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        String text = address == null ? "" : address.toString();
        return text.isEmpty() ? "a local client" : "unix:" + text;
    }
}
