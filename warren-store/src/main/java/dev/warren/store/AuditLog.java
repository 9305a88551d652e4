package dev.warren.store;

import java.util.List;

/** The append-only audit log: there is no update and no delete. */
public interface AuditLog {
    /** Appends the event (its {@code seq} is ignored) and returns the sequence number it got. */
    long append(AuditEvent event);

    /** Matching events, newest first (by time, then by sequence number). */
    List<AuditEvent> query(AuditQuery q);
}
