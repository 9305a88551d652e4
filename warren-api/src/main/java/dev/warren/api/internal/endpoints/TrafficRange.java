package dev.warren.api.internal.endpoints;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The time ranges the dashboard's traffic chart offers ({@code ?range=}); anything else is the default, 24 hours,
 * rather than a refused page. The step is what {@code GET /api/v1/traffic} picks by default (at most ~300 steps).
 */
enum TrafficRange {
    HOUR("1h", Duration.ofHours(1), "the last hour"),
    SIX_HOURS("6h", Duration.ofHours(6), "the last 6 hours"),
    DAY("24h", Duration.ofHours(24), "the last 24 hours"),
    WEEK("7d", Duration.ofDays(7), "the last 7 days"),
    MONTH("30d", Duration.ofDays(30), "the last 30 days");

    final String param;
    final Duration length;
    final String words;

    TrafficRange(String param, Duration length, String words) {
        this.param = param;
        this.length = length;
        this.words = words;
    }

    int stepSeconds() {
        return TrafficEndpoints.step(null, length);
    }

    static TrafficRange of(Map<String, List<String>> query) {
        List<String> values = query == null ? null : query.get("range");
        if (values != null && !values.isEmpty()) {
            for (TrafficRange r : values()) {
                if (r.param.equals(values.get(0))) {
                    return r;
                }
            }
        }
        return DAY;
    }
}
