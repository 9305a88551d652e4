package dev.warren.gateway.internal;

import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one log line of each request's decision (logger {@code dev.warren.gateway.access}); never holds a password. */
final class Decision {
    private static final Logger log = LoggerFactory.getLogger("dev.warren.gateway.access");

    private Decision() {}

    static void refused(InetSocketAddress source, String user, String destination, int status, String reason,
            long startNanos) {
        log.info("src={} user={} dst={} verdict=refused status={} reason=\"{}\" up=0 down=0 duration={}ms",
                address(source), printable(user), printable(destination), status, reason, millis(startNanos));
    }

    static void tunnel(InetSocketAddress source, String user, String destination, String connected, long up,
            long down, long startNanos) {
        log.info("src={} user={} dst={} verdict=allowed via={} up={} down={} duration={}ms", address(source),
                printable(user), printable(destination), connected, up, down, millis(startNanos));
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static String address(InetSocketAddress a) {
        return a == null ? "-" : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Client-chosen text in a log line: bounded, no spaces or control characters (no forged log lines). */
    static String printable(String s) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 128));
        for (int i = 0; i < s.length() && i < 128; i++) {
            char c = s.charAt(i);
            b.append(c > 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        return b.toString();
    }
}
