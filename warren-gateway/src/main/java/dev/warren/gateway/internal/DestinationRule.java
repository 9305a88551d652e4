package dev.warren.gateway.internal;

import java.net.InetAddress;
import java.util.Locale;

/**
 * One allowed destination: an exact {@code host:port}, a {@code *.domain:port} wildcard (any name under domain, not
 * the domain itself) or {@code CIDR:port}. Names match the CONNECT target as written; CIDR rules match the address the
 * gateway resolved and will connect to.
 */
public record DestinationRule(String host, Cidr cidr, int port) {
    public DestinationRule {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("destination rule: port out of range: " + port);
        if ((host == null) == (cidr == null)) throw new IllegalArgumentException("destination rule: a host or a CIDR");
    }

    public static DestinationRule parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("destination rule needs HOST:PORT, *.DOMAIN:PORT or CIDR:PORT: " + text);
        String left = t.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("destination rule: bad port in " + text);
        }
        if (left.startsWith("[") && left.endsWith("]")) left = left.substring(1, left.length() - 1);
        if (left.contains("/") || left.matches("[0-9.]+") || left.contains(":")) return new DestinationRule(null, Cidr.parse(left), port);
        String host = left.toLowerCase(Locale.ROOT);
        if (!host.matches("(\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) throw new IllegalArgumentException("destination rule: bad host name in " + text);
        return new DestinationRule(host, null, port);
    }

    /** Whether a CONNECT target name (lower case) and port match, before resolution. */
    public boolean matchesName(String name, int p) {
        if (host == null || p != port) return false;
        if (host.startsWith("*.")) return name.endsWith(host.substring(1)) && name.length() > host.length() - 1;
        return host.equals(name);
    }

    public boolean matchesAddress(InetAddress address, int p) {
        return cidr != null && p == port && cidr.contains(address);
    }

    @Override
    public String toString() {
        return (host != null ? host : cidr.toString()) + ":" + port;
    }
}
