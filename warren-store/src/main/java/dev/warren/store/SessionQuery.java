package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A filter for {@link Sessions#query}; {@code null} filters match everything.
 *
 * @param since    sessions started at or after this instant
 * @param openOnly only sessions not yet closed
 * @param limit    1..10000 rows, newest first
 */
public record SessionQuery(String deviceId, String operator, Instant since, boolean openOnly, int limit) {
    public SessionQuery {
        Checks.optionalText("deviceId", deviceId, Checks.ID);
        Checks.optionalText("operator", operator, Checks.NAME);
        since = Checks.optionalInstant(since);
        Checks.limit(limit);
    }

    /** The newest {@code limit} sessions, unfiltered. */
    public static SessionQuery latest(int limit) {
        return new SessionQuery(null, null, null, false, limit);
    }
}
