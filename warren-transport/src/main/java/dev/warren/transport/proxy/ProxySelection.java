package dev.warren.transport.proxy;

import dev.warren.common.net.HostPort;
import io.netty.util.NetUtil;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Which proxy, if any, to use for the relay: {@code --proxy} wins; otherwise {@code HTTPS_PROXY} (or
 * {@code https_proxy}, then {@code ALL_PROXY}) unless {@code NO_PROXY} matches the relay (comma-separated names,
 * {@code .domain} or {@code *.domain} suffixes, exact addresses, {@code *} for all). {@code --proxy none} turns the
 * environment off. A credentials file replaces the URL's user and password.
 */
public final class ProxySelection {
    private ProxySelection() {}

    /** The proxy for {@code relay}, or null for a direct connection. */
    public static ProxySpec choose(String flag, Path credentialsFile, Map<String, String> env, HostPort relay) {
        ProxySpec spec;
        if (flag != null && !flag.isBlank()) {
            if (flag.equalsIgnoreCase("none") || flag.equalsIgnoreCase("direct")) {
                return null;
            }
            spec = ProxySpec.parse(flag);
        } else {
            String fromEnv = first(env, "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy");
            if (fromEnv == null || bypassed(first(env, "NO_PROXY", "no_proxy"), relay.host())) {
                spec = null;
            } else {
                try {
                    spec = ProxySpec.parse(fromEnv);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("HTTPS_PROXY: " + e.getMessage());
                }
            }
        }
        if (credentialsFile != null) {
            if (spec == null) {
                throw new IllegalArgumentException("--proxy-credentials given but no proxy (expected: --proxy URL or"
                        + " HTTPS_PROXY)");
            }
            spec = spec.withCredentials(ProxyCredentials.read(credentialsFile));
        }
        return spec;
    }

    /** True when a NO_PROXY list names this host. */
    static boolean bypassed(String noProxy, String host) {
        if (noProxy == null || noProxy.isBlank()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String raw : noProxy.split(",")) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && entry.indexOf('/') < 0) {
                entry = entry.substring(0, colon); // a port in NO_PROXY: match the host
            }
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*") || (entry.indexOf('/') > 0 && inBlock(entry, h))) {
                return true;
            }
            if (entry.startsWith("*.")) {
                entry = entry.substring(1);
            }
            if (entry.startsWith(".") ? h.endsWith(entry) || h.equals(entry.substring(1)) : h.equals(entry)
                    || h.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code host} is an address literal inside the CIDR block {@code cidr}; never resolves names. */
    static boolean inBlock(String cidr, String host) {
        int slash = cidr.indexOf('/');
        byte[] network = NetUtil.createByteArrayFromIpAddressString(cidr.substring(0, slash));
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        if (network == null || address == null || network.length != address.length) {
            return false;
        }
        int bits;
        try {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (bits < 0 || bits > network.length * 8) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((network[i / 8] & mask) != (address[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
