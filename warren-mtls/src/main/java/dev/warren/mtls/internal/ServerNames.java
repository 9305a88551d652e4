package dev.warren.mtls.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a server certificate names the host a client dialled (RFC 6125): an IP literal against IP SANs, a DNS name
 * against DNS SANs, where {@code *.example.com} stands for exactly one label. The CN is not consulted.
 */
final class ServerNames {
    private ServerNames() {}

    static boolean matches(PeerIdentity id, String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (isIpLiteral(h)) {
            InetAddress wanted = address(h);
            return wanted != null && id.ipAddresses().stream().map(ServerNames::address).anyMatch(wanted::equals);
        }
        String name = h.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String san : id.dnsNames()) {
            String s = san.toLowerCase(Locale.ROOT);
            if (s.equals(name)) {
                return true;
            }
            if (s.startsWith("*.")) {
                int dot = name.indexOf('.');
                if (dot > 0 && name.substring(dot + 1).equals(s.substring(2))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIpLiteral(String s) {
        return s.indexOf(':') >= 0 || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static InetAddress address(String literal) {
        try {
            // a literal: never resolved
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
