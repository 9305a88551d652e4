package dev.warren.lockdown;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/** A network in CIDR notation ({@code 10.0.0.0/24}, {@code fd00::/64}); host bits are cleared. */
public record Cidr(InetAddress network, int prefix) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        int max = network.getAddress().length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0.." + max + ")");
        }
        network = masked(network, prefix);
    }

    /** {@code ADDRESS[/PREFIX]}; an address alone is a single host. */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "cidr");
        int slash = text.indexOf('/');
        InetAddress address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        int max = address.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(address, max);
        }
        String bits = text.substring(slash + 1);
        if (!bits.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("network: " + text + " (expected: ADDRESS/PREFIX, e.g. 10.0.0.0/24)");
        }
        return new Cidr(address, Integer.parseInt(bits));
    }

    public boolean ipv4() {
        return network instanceof Inet4Address;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return IpLiteral.of(bytes);
    }

    @Override
    public String toString() {
        String host = IpLiteral.format(network);
        return prefix == network.getAddress().length * 8 ? host : host + "/" + prefix;
    }
}
