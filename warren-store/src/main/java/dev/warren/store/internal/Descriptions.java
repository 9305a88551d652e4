package dev.warren.store.internal;

/** What {@code WarrenStore.describe()} prints: the database's kind and place, never options or credentials. */
final class Descriptions {
    private Descriptions() {}

    /**
     * {@code jdbc:h2:file:/d/store/warren;MODE=...} → {@code h2:/d/store/warren};
     * {@code jdbc:postgresql://u@host:5432/db?x=y} → {@code postgresql://host:5432/db}.
     */
    static String of(String jdbcUrl) {
        String url = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
        if (url.startsWith("h2:")) {
            String rest = cut(url.substring("h2:".length()), ';');
            if (rest.startsWith("file:")) {
                rest = rest.substring("file:".length());
            }
            return "h2:" + rest;
        }
        url = cut(url, '?');
        int authority = url.indexOf("//");
        int at = url.indexOf('@');
        if (authority >= 0 && at > authority) {
            int slash = url.indexOf('/', authority + 2);
            if (slash < 0 || at < slash) {
                url = url.substring(0, authority + 2) + url.substring(at + 1);
            }
        }
        return url;
    }

    private static String cut(String s, char c) {
        int i = s.indexOf(c);
        return i < 0 ? s : s.substring(0, i);
    }
}
