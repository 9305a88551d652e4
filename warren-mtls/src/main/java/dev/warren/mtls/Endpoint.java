package dev.warren.mtls;

import dev.warren.common.net.HostPort;
import java.nio.file.Path;

/** Where a tunnel listens or connects: a TCP {@code host:port} or a Unix socket {@code unix:/path}. */
public sealed interface Endpoint {

    /** A TCP address; the host is resolved when connecting, never at parse time. */
    record Tcp(HostPort address) implements Endpoint {
        public Tcp {
            if (address == null) {
                throw new IllegalArgumentException("address: null (expected: host:port)");
            }
        }

        @Override
        public String toString() {
            return address.toString();
        }
    }

    /** A Unix domain socket path (absolute, so that its meaning does not change with the working directory). */
    record Unix(Path path) implements Endpoint {
        public Unix {
            if (path == null || path.toString().isEmpty()) {
                throw new IllegalArgumentException("path: empty (expected: unix:/absolute/path)");
            }
            path = path.toAbsolutePath().normalize();
            // sun_path is 108 bytes on Linux, including the terminating NUL
            if (path.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 107) {
                throw new IllegalArgumentException("unix socket path: " + path + " is longer than 107 bytes (expected: a"
                        + " shorter path; the kernel's sun_path limit)");
            }
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** {@code unix:/run/x.sock} (or {@code unix:path}), {@code host:port}, {@code [::1]:port}. */
    static Endpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address: empty (expected: host:port or unix:/path)");
        }
        String s = text.trim();
        if (s.startsWith("unix:")) {
            return new Unix(Path.of(s.substring("unix:".length())));
        }
        if (s.startsWith("/")) {
            throw new IllegalArgumentException("address: '" + text + "' (expected: unix:" + s + " for a Unix socket, or host:port)");
        }
        return new Tcp(HostPort.parse(s));
    }
}
