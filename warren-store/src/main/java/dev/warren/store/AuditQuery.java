package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * A filter for {@link AuditLog#query}; {@code null} filters match everything.
 *
 * @param since    events at or after this instant
 * @param until    events before this instant
 * @param action   events of this action; {@code session.*} (a prefix and {@code .*}) every action under it
 * @param deviceId events about this device
 * @param user     events whose actor or subject is this user name
 * @param outcome  events with this outcome ({@code ok}, {@code refused}, ...)
 * @param before   the next page: events after this one in the log's order (newest first), so that paging is stable
 *                 while new events arrive
 * @param limit    1..10000 rows, newest first (by time, then by sequence number)
 */
public record AuditQuery(Instant since, Instant until, String actor, String action, String target, String deviceId,
        String user, String outcome, Cursor before, int limit) {

    /** Where a page of events ended: its last event's time and sequence number. */
    public record Cursor(Instant at, long seq) {
        public Cursor {
            at = Checks.instant("cursor at", at);
            Checks.nonNegative("cursor seq", seq);
        }

        /** The cursor after {@code e}. */
        public static Cursor after(AuditEvent e) {
            return new Cursor(e.at(), e.seq());
        }
    }

    public AuditQuery {
        since = Checks.optionalInstant(since);
        until = Checks.optionalInstant(until);
        Checks.optionalText("actor", actor, Checks.NAME);
        Checks.optionalText("action", action, AuditEvent.MAX_ACTION);
        Checks.optionalText("target", target, Checks.TEXT);
        Checks.optionalText("deviceId", deviceId, Checks.ID);
        Checks.optionalText("user", user, Checks.NAME);
        Checks.optionalText("outcome", outcome, AuditEvent.MAX_OUTCOME);
        Checks.limit(limit);
    }

    public AuditQuery(Instant since, String actor, String action, String target, String deviceId, String user,
            int limit) {
        this(since, null, actor, action, target, deviceId, user, null, null, limit);
    }

    public AuditQuery(Instant since, String actor, String action, String target, int limit) {
        this(since, null, actor, action, target, null, null, null, null, limit);
    }

    /** The newest {@code limit} events, unfiltered. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }

    /** The same filter, for the page after {@code cursor}. */
    public AuditQuery after(Cursor cursor) {
        return new AuditQuery(since, until, actor, action, target, deviceId, user, outcome, cursor, limit);
    }

    /** {@code true} when {@link #action} names every action under a prefix ({@code session.*}). */
    public boolean actionIsPrefix() {
        return action != null && action.endsWith(".*");
    }
}
