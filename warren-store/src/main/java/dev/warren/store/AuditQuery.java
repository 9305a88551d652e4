package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A filter for {@link AuditLog#query}; {@code null} filters match everything.
 *
 * @param since events at or after this instant
 * @param limit 1..10000 rows, newest first
 */
public record AuditQuery(Instant since, String actor, String action, String target, int limit) {
    public AuditQuery {
        since = Checks.optionalInstant(since);
        Checks.optionalText("actor", actor, Checks.NAME);
        Checks.optionalText("action", action, AuditEvent.MAX_ACTION);
        Checks.optionalText("target", target, Checks.TEXT);
        Checks.limit(limit);
    }

    /** The newest {@code limit} events, unfiltered. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }
}
