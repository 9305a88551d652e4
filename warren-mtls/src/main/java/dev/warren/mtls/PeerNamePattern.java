package dev.warren.mtls;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code --allow-name}: matched against a peer certificate's CN, DNS SANs and URI SANs. {@code *} stands for any
 * run of characters within one label or path segment (it never crosses a '.' or '/'), except at the very end of a URI
 * pattern, where {@code spiffe://plant/*} takes every ID under {@code spiffe://plant/}. Case-insensitive except in URI
 * paths (SPIFFE IDs are case-sensitive after the trust domain). A pattern of {@code *} alone is refused: say
 * {@code --allow-any-name} if any certificate of the CA will do.
 */
public record PeerNamePattern(String pattern) {

    private static final int MAX = 512;

    public PeerNamePattern {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("allow-name: empty (expected: a CN, DNS name or URI, '*' as a wildcard)");
        }
        if (pattern.length() > MAX) {
            throw new IllegalArgumentException("allow-name: " + pattern.length() + " characters (expected: <= " + MAX + ")");
        }
        if (pattern.chars().allMatch(c -> c == '*' || c == '.' || c == '/')) {
            throw new IllegalArgumentException("allow-name: '" + pattern + "' matches everything (expected: a name; use"
                    + " --allow-any-name to accept every certificate of the CA)");
        }
    }

    /** True when {@code name} (a CN, DNS SAN or URI SAN) is one this pattern allows. */
    public boolean matches(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        boolean uri = pattern.contains("://");
        if (uri != name.contains("://")) {
            return false;
        }
        return regex(uri).matcher(uri ? name : name.toLowerCase(Locale.ROOT)).matches();
    }

    private Pattern regex(boolean uri) {
        String p = uri ? pattern : pattern.toLowerCase(Locale.ROOT);
        StringBuilder re = new StringBuilder();
        if (uri) {
            // the scheme and authority are case-insensitive, the path is not
            int slash = p.indexOf('/', p.indexOf("://") + 3);
            String head = slash < 0 ? p : p.substring(0, slash);
            re.append("(?i:").append(segment(head)).append(")");
            if (slash >= 0) {
                String path = p.substring(slash);
                if (path.endsWith("/*")) {
                    re.append(segment(path.substring(0, path.length() - 1))).append("[^?#]+");
                } else {
                    re.append(segment(path));
                }
            }
        } else {
            re.append(segment(p));
        }
        return Pattern.compile(re.toString());
    }

    private static String segment(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!re.isEmpty()) {
                re.append("[^./]+");
            }
            re.append(Pattern.quote(part));
        }
        return re.toString();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
