package dev.warren.gateway.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefix) {

    public Cidr {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("network: " + network.length + " bytes (expected 4 or 16)");
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix: /" + prefix + " (expected 0.." + network.length * 8 + ")");
        }
        network = network.clone();
    }

    /** Parses {@code ADDRESS/PREFIX} or a bare literal address; names are refused (no DNS at parse time). */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address, text);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("network: '" + text + "' (expected ADDRESS/PREFIX, e.g. 10.0.0.0/8)");
            }
        }
        return new Cidr(bytes, prefix);
    }

    /** True if {@code text} looks like an address literal or a CIDR (digits, dots, colons, a slash). */
    public static boolean looksLikeCidr(String text) {
        return V4.matcher(text).matches() || (text.indexOf(':') >= 0 && V6.matcher(text).matches());
    }

    private static final java.util.regex.Pattern V4 = java.util.regex.Pattern.compile("[0-9.]+(/\\d+)?");
    private static final java.util.regex.Pattern V6 = java.util.regex.Pattern.compile("[0-9a-fA-F:.]+(/\\d+)?");

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
                byte[] v4 = new byte[4];
                System.arraycopy(a, 12, v4, 0, 4);
                a = v4;
            } else {
                return false;
            }
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[whole] & mask) == (network[whole] & mask);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] literal(String address, String text) {
        if (!looksLikeCidr(address)) {
            throw new IllegalArgumentException("network: '" + text + "' (expected an address or ADDRESS/PREFIX, not a name)");
        }
        try {
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("network: '" + text + "' is not an address");
        }
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefix;
    }
}
