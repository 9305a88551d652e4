package dev.warren.lockdown;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** IP address literals, never names: a firewall rule must not depend on a lookup made at some later time. */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private IpLiteral() {}

    /** An IPv4 or IPv6 literal; a name or anything malformed is refused with what was expected. */
    public static InetAddress parse(String text) {
        String t = text == null ? "" : text.strip();
        boolean v4 = IPV4.matcher(t).matches();
        if (!v4 && !(t.contains(":") && IPV6.matcher(t).matches())) {
            throw new IllegalArgumentException("address: " + text + " (expected: an IPv4 or IPv6 address, not a name)");
        }
        try {
            // a literal: getByName parses it without any lookup
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address: " + text + " (expected: an IPv4 or IPv6 address)");
        }
    }

    static InetAddress of(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address length: " + bytes.length + " (expected: 4 or 16)", e);
        }
    }

    /** The address as nft prints it: dotted IPv4, compressed lower-case IPv6 without a scope. */
    public static String format(InetAddress address) {
        if (address instanceof Inet6Address) {
            return compress(address.getAddress());
        }
        return address.getHostAddress();
    }

    /** RFC 5952: the longest run (of two or more) of zero groups becomes "::". */
    private static String compress(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
