package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A filter for {@link AuditLog#query}; {@code null} filters match everything.
 *
 * @param since events at or after this instant
 * @param deviceId events about this device
 * @param user  events whose actor or subject is this user name
 * @param limit 1..10000 rows, newest first
 */
public record AuditQuery(Instant since, String actor, String action, String target, String deviceId, String user,
        int limit) {
    public AuditQuery {
        since = Checks.optionalInstant(since);
        Checks.optionalText("actor", actor, Checks.NAME);
        Checks.optionalText("action", action, AuditEvent.MAX_ACTION);
        Checks.optionalText("target", target, Checks.TEXT);
        Checks.optionalText("deviceId", deviceId, Checks.ID);
        Checks.optionalText("user", user, Checks.NAME);
        Checks.limit(limit);
    }

    public AuditQuery(Instant since, String actor, String action, String target, int limit) {
        this(since, actor, action, target, null, null, limit);
    }

    /** The newest {@code limit} events, unfiltered. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }
}
