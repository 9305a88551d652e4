package dev.warren.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Networks a listener accepts connections from, as CIDR blocks ({@code 10.0.0.0/24}, {@code 127.0.0.1/32},
 * {@code fd00::/8}); everything else is refused. Only literal addresses: a host name here would make the list depend on
 * DNS.
 */
public record SourceAllowList(List<Block> blocks) {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    /** One CIDR block: the network's address bytes and how many leading bits must match. */
    public record Block(byte[] network, int prefix, String text) {
        public boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public SourceAllowList {
        if (blocks == null || blocks.isEmpty()) {
            throw new IllegalArgumentException("allow-list: empty (expected: at least one CIDR block such as 10.0.0.0/24)");
        }
        blocks = List.copyOf(blocks);
    }

    /** Parses {@code 10.0.0.0/24,192.0.2.7/32} (comma-separated; a bare address is a /32 or /128). */
    public static SourceAllowList parse(List<String> cidrs) {
        if (cidrs == null) {
            throw new IllegalArgumentException("allow-list: missing (expected: CIDR blocks such as 10.0.0.0/24)");
        }
        return new SourceAllowList(cidrs.stream().flatMap(s -> List.of(s.split(",")).stream()).map(String::trim)
                .filter(s -> !s.isEmpty()).map(SourceAllowList::block).toList());
    }

    public static Block block(String cidr) {
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("CIDR: '" + cidr + "' (expected: an IP address and prefix such as"
                    + " 10.0.0.0/24; no host names)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("CIDR: '" + cidr + "' (expected: an IP address such as 10.0.0.0/24)");
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("CIDR: '" + cidr + "' (expected: a prefix length 0.." + max + ")");
        }
        for (int bit = prefix; bit < max; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException("CIDR: '" + cidr + "' has host bits set (expected: the network"
                        + " address, e.g. " + address.replaceAll("\\.\\d+$", ".0") + "/" + prefix + ")");
            }
        }
        return new Block(bytes, prefix, address + "/" + prefix);
    }

    /** Whether {@code a} is in one of the blocks (an IPv4-mapped IPv6 address counts as its IPv4 address). */
    public boolean allows(InetAddress a) {
        InetAddress plain = a;
        byte[] b = a.getAddress();
        if (b.length == 16 && isV4Mapped(b)) {
            try {
                plain = InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        for (Block block : blocks) {
            if (block.contains(plain)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    @Override
    public String toString() {
        return String.join(",", blocks.stream().map(Block::text).toList());
    }
}
