package dev.warren.api.internal;

/**
 * Source addresses as rate limits count them: the host without the port, so that a client cannot escape its count
 * by opening new connections. Accepts {@code 1.2.3.4}, {@code 1.2.3.4:5678}, {@code [::1]:5678}, a bare IPv6
 * address, and an IPv6 address with the port appended as the relay prints it ({@code 0:0:0:0:0:0:0:1:5678}).
 */
public final class Sources {
    private Sources() {}

    public static String key(String source) {
        if (source == null || source.isBlank()) {
            return "unknown";
        }
        String s = source.strip();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end > 0 ? s.substring(1, end) : s;
        }
        int colons = (int) s.chars().filter(c -> c == ':').count();
        boolean portLast = s.lastIndexOf(':') < s.length() - 1
                && s.substring(s.lastIndexOf(':') + 1).chars().allMatch(Character::isDigit);
        if (portLast && (colons == 1 || colons == 8)) {
            return s.substring(0, s.lastIndexOf(':'));
        }
        return s;
    }
}
