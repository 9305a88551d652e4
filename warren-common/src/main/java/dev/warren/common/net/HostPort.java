package dev.warren.common.net;

import java.net.InetSocketAddress;

/** A host and port as users write them: {@code relay.example.com:7443}, {@code 10.0.0.1:22}, {@code [::1]:7443}. */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: empty (expected: a name or an address)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    /** Parses {@code host:port}; {@code defaultPort} applies when the port is left out (-1: it is required). */
    public static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address: empty (expected: host:port)");
        }
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("address: '" + text + "' (expected: [ipv6]:port)");
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("address: '" + text + "' (expected: [ipv6]:port)");
                }
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("address: '" + text + "' (expected: IPv6 in brackets, [::1]:7443)");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        int p;
        if (port == null) {
            if (defaultPort < 0) {
                throw new IllegalArgumentException("address: '" + text + "' has no port (expected: host:port)");
            }
            p = defaultPort;
        } else {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("port: '" + port + "' in '" + text + "' (expected: 0..65535)");
            }
        }
        return new HostPort(host, p);
    }

    public static HostPort parse(String text) {
        return parse(text, -1);
    }

    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    public InetSocketAddress resolved() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
