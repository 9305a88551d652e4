package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;
import java.util.Map;

/**
 * One entry of the audit log.
 *
 * @param seq     assigned by {@link AuditLog#append}; 0 for an event not yet appended
 * @param actor   who: a user name, device id or {@code "system"}
 * @param action  what, e.g. {@code "session.open"}
 * @param target  on what; nullable
 * @param outcome {@code "ok"}, {@code "refused"}, ...
 * @param details extra facts (immutable, sorted by key); never secrets
 */
public record AuditEvent(
        long seq,
        Instant at,
        String actor,
        String action,
        String target,
        String sourceAddress,
        String outcome,
        Map<String, String> details) {

    static final int MAX_ACTION = 64;
    static final int MAX_OUTCOME = 32;
    static final int MAX_DETAIL_VALUE = 4096;

    public AuditEvent {
        Checks.nonNegative("seq", seq);
        at = Checks.instant("at", at);
        Checks.text("actor", actor, Checks.NAME);
        Checks.text("action", action, MAX_ACTION);
        Checks.optionalText("target", target, Checks.TEXT);
        Checks.optionalText("sourceAddress", sourceAddress, Checks.TEXT);
        Checks.text("outcome", outcome, MAX_OUTCOME);
        details = Checks.stringMap("details", details, Checks.NAME, MAX_DETAIL_VALUE);
    }

    /** A new event (seq 0) to {@link AuditLog#append}. */
    public static AuditEvent of(Instant at, String actor, String action, String target, String sourceAddress,
            String outcome, Map<String, String> details) {
        return new AuditEvent(0, at, actor, action, target, sourceAddress, outcome, details);
    }

    /** This event as stored under {@code seq}. */
    public AuditEvent withSeq(long seq) {
        return new AuditEvent(seq, at, actor, action, target, sourceAddress, outcome, details);
    }
}
