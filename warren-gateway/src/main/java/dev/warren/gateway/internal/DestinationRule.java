package dev.warren.gateway.internal;

import java.net.InetAddress;
import java.util.Locale;

/**
 * One allowed destination: an exact {@code host:port}, a {@code *.domain:port} wildcard (any name below the domain, not
 * the domain itself), or {@code CIDR:port} ({@code 10.1.0.0/16:443}, {@code [fd00::/8]:443}).
 */
public record DestinationRule(String host, Cidr network, int port) {

    public DestinationRule {
        if ((host == null) == (network == null)) {
            throw new IllegalArgumentException("destination: give a name or a network");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("destination port: " + port + " (expected 1..65535)");
        }
        host = host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    public static DestinationRule parse(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("destination: '" + text + "' (expected HOST:PORT, *.DOMAIN:PORT or CIDR:PORT)");
        }
        String hostPart = s.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("destination: '" + text + "' has no numeric port");
        }
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
            hostPart = hostPart.substring(1, hostPart.length() - 1);
        }
        if (Cidr.looksLikeCidr(hostPart)) {
            return new DestinationRule(null, Cidr.parse(hostPart), port);
        }
        if (hostPart.startsWith("*.") ? !validName(hostPart.substring(2)) : !validName(hostPart)) {
            throw new IllegalArgumentException("destination: '" + text + "' (a wildcard is only *.domain, at the start)");
        }
        return new DestinationRule(hostPart, null, port);
    }

    private static boolean validName(String name) {
        return name.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    }

    /** Matches the name a client asked for (before resolving): exact names and wildcards. */
    public boolean matchesName(String requested, int requestedPort) {
        if (host == null || requestedPort != port) {
            return false;
        }
        String name = requested.toLowerCase(Locale.ROOT);
        if (host.startsWith("*.")) {
            return name.endsWith(host.substring(1)) && name.length() > host.length() - 1;
        }
        return name.equals(host);
    }

    /** Matches an address literal the client asked for against a CIDR rule. */
    public boolean matchesAddress(InetAddress address, int requestedPort) {
        return network != null && requestedPort == port && network.contains(address);
    }

    @Override
    public String toString() {
        return (host != null ? host : network.toString()) + ":" + port;
    }
}
