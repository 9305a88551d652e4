package dev.warren.api.internal.endpoints;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's device filter, from {@code ?q=&state=}: {@code text} found (case-insensitively) in the name or in
 * a label's key or value; {@code state} {@code online}, {@code offline} or empty for any. Bad values do not refuse
 * the page: an over-long search is cut, an unknown state means any.
 */
record DeviceFilter(String text, String state) {
    static final int MAX_TEXT = 128;

    DeviceFilter {
        text = text == null ? "" : text.strip();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        state = "online".equals(state) || "offline".equals(state) ? state : "";
    }

    static DeviceFilter of(Map<String, List<String>> query) {
        return new DeviceFilter(first(query, "q"), first(query, "state"));
    }

    /** The filter as a query string ({@code ?q=…&state=…}), empty when it filters nothing. */
    String query() {
        String q = (text.isEmpty() ? "" : "&q=" + DashboardPages.urlSegment(text))
                + (state.isEmpty() ? "" : "&state=" + state);
        return q.isEmpty() ? "" : "?" + q.substring(1);
    }

    boolean matches(Views.DeviceView d) {
        if ("online".equals(state) && !d.online() || "offline".equals(state) && d.online()) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        String needle = text.toLowerCase(Locale.ROOT);
        return d.name().toLowerCase(Locale.ROOT).contains(needle) || d.labels().entrySet().stream()
                .anyMatch(e -> (e.getKey() + "=" + e.getValue()).toLowerCase(Locale.ROOT).contains(needle));
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query == null ? null : query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
