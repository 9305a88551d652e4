package dev.warren.common.text;

/**
 * Text that came from a peer (a reason, a version, a service name) before it reaches a log line or the store:
 * control characters would let a peer forge log lines, and unbounded length would let it flood them.
 */
public final class PeerText {
    private PeerText() {}

    /** Replaces control characters with '?' and cuts to {@code max} characters (ending in "..." when cut). */
    public static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        int limit = Math.min(text.length(), max);
        StringBuilder sb = null;
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (sb == null) {
                    sb = new StringBuilder(limit).append(text, 0, i);
                }
                sb.append('?');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        String cleaned = sb != null ? sb.toString() : text.substring(0, limit);
        if (text.length() > max) {
            cleaned = cleaned.substring(0, Math.max(0, max - 3)) + "...";
        }
        return cleaned;
    }
}
