package dev.warren.mtls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One listen/connect pair of the double proxy.
 *
 * <ul>
 *   <li>{@link Mode#REVERSE}: accepts TLS 1.3 on {@code listen}, requires a client certificate from {@code ca} whose CN,
 *   DNS or URI SAN matches {@code allowNames}, and passes the bytes on, in the clear, to {@code connect} (optionally
 *   behind a PROXY v2 header naming the peer).</li>
 *   <li>{@link Mode#FORWARD}: accepts plain connections on {@code listen} and carries each over TLS 1.3 to
 *   {@code connect}, presenting {@code certificate}, and trusting only a server from {@code ca} that is named
 *   {@code serverName} (by default the host of {@code connect}) and, when given, matches {@code allowNames}.</li>
 * </ul>
 *
 * @param name a short label for logs and metrics
 * @param allowAnyName accept any certificate of {@code ca} (only when asked: deny by default)
 * @param proxyProtocol send a PROXY v2 header toward {@code connect} (reverse only)
 * @param socket mode and ownership of {@code listen} when it is a Unix socket
 * @param tlsGroups key-exchange groups in order of preference (e.g. X25519MLKEM768, X25519); empty: the TLS provider's
 *     defaults (with BoringSSL, the hybrid post-quantum X25519MLKEM768 first)
 */
public record TunnelConfig(String name, Mode mode, Endpoint listen, Endpoint connect, Path certificate, Path key, Path ca,
                           List<PeerNamePattern> allowNames, boolean allowAnyName, String serverName,
                           boolean proxyProtocol, SocketFileOptions socket, List<String> tlsGroups) {

    private static final java.util.regex.Pattern GROUP = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,40}");

    /** With the provider's default key-exchange groups. */
    public TunnelConfig(String name, Mode mode, Endpoint listen, Endpoint connect, Path certificate, Path key, Path ca,
                        List<PeerNamePattern> allowNames, boolean allowAnyName, String serverName, boolean proxyProtocol,
                        SocketFileOptions socket) {
        this(name, mode, listen, connect, certificate, key, ca, allowNames, allowAnyName, serverName, proxyProtocol, socket,
                List.of());
    }

    public enum Mode { FORWARD, REVERSE }

    public TunnelConfig {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: 1-64 of A-Z a-z 0-9 _ . -)");
        }
        String where = "tunnel " + name + ": ";
        Objects.requireNonNull(mode, "mode");
        if (listen == null) {
            throw new IllegalArgumentException(where + "listen: missing (expected: host:port or unix:/path)");
        }
        if (connect == null) {
            throw new IllegalArgumentException(where + "connect: missing (expected: host:port or unix:/path)");
        }
        if (certificate == null || key == null || ca == null) {
            throw new IllegalArgumentException(where + "cert, key and ca are all required (missing: "
                    + (certificate == null ? "cert " : "") + (key == null ? "key " : "") + (ca == null ? "ca" : "").trim() + ")");
        }
        allowNames = allowNames == null ? List.of() : List.copyOf(allowNames);
        socket = socket == null ? SocketFileOptions.DEFAULTS : socket;
        tlsGroups = tlsGroups == null ? List.of() : List.copyOf(tlsGroups);
        for (String g : tlsGroups) {
            if (g == null || !GROUP.matcher(g).matches()) {
                throw new IllegalArgumentException(where + "tls-groups: '" + g + "' (expected: group names such as"
                        + " X25519MLKEM768, X25519, P-256)");
            }
        }
        if (allowAnyName && !allowNames.isEmpty()) {
            throw new IllegalArgumentException(where + "allow-any-name and allow-name together (expected: one or the other)");
        }
        if (mode == Mode.REVERSE) {
            if (allowNames.isEmpty() && !allowAnyName) {
                throw new IllegalArgumentException(where + "reverse with no allow-name (expected: at least one allowed peer"
                        + " name, e.g. --allow-name node1 or --allow-name 'spiffe://plant/*'; or --allow-any-name)");
            }
            if (serverName != null) {
                throw new IllegalArgumentException(where + "server-name is for forward tunnels (a reverse tunnel checks"
                        + " its clients with allow-name)");
            }
        } else {
            if (proxyProtocol) {
                throw new IllegalArgumentException(where + "proxy-protocol is for reverse tunnels (the forward side's"
                        + " target is the TLS server, which learns the client from its certificate)");
            }
            if (serverName == null && connect instanceof Endpoint.Unix) {
                throw new IllegalArgumentException(where + "forward to a Unix socket needs server-name (expected: the"
                        + " name the server's certificate carries)");
            }
            if (serverName != null && serverName.isBlank()) {
                throw new IllegalArgumentException(where + "server-name: empty (expected: a DNS name or address)");
            }
        }
        if (!socket.isDefault() && !(listen instanceof Endpoint.Unix)) {
            throw new IllegalArgumentException(where + "socket-mode/owner/group apply to a Unix socket listener (listen is "
                    + listen + ")");
        }
    }

    /** The name the server's certificate must carry (forward): server-name, else the host dialled. */
    public String expectedServerName() {
        if (serverName != null) {
            return serverName;
        }
        return connect instanceof Endpoint.Tcp tcp ? tcp.address().host() : null;
    }

    /** A command-line tunnel: its name is its mode. */
    public static TunnelConfig of(Mode mode, String listen, String connect, Path certificate, Path key, Path ca,
                                  List<String> allowNames, boolean allowAnyName, String serverName, boolean proxyProtocol,
                                  SocketFileOptions socket, List<String> tlsGroups) {
        return new TunnelConfig(mode.name().toLowerCase(java.util.Locale.ROOT), mode, Endpoint.parse(listen),
                Endpoint.parse(connect), certificate, key, ca,
                allowNames == null ? List.of() : allowNames.stream().map(PeerNamePattern::new).toList(), allowAnyName,
                serverName, proxyProtocol, socket, tlsGroups);
    }
}
