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
 * @param deviceId the device the event concerns; nullable
 * @param subject  the user the event concerns besides its actor (a grant's holder, a created user); nullable
 */
public record AuditEvent(
        long seq,
        Instant at,
        String actor,
        String action,
        String target,
        String sourceAddress,
        String outcome,
        Map<String, String> details,
        String deviceId,
        String subject) {

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
        Checks.optionalText("deviceId", deviceId, Checks.ID);
        Checks.optionalText("subject", subject, Checks.NAME);
    }

    /** An event about no device and no other user. */
    public AuditEvent(long seq, Instant at, String actor, String action, String target, String sourceAddress,
            String outcome, Map<String, String> details) {
        this(seq, at, actor, action, target, sourceAddress, outcome, details, null, null);
    }

    /** A new event (seq 0) to {@link AuditLog#append}. */
    public static AuditEvent of(Instant at, String actor, String action, String target, String sourceAddress,
            String outcome, Map<String, String> details) {
        return new AuditEvent(0, at, actor, action, target, sourceAddress, outcome, details);
    }

    /** A new event (seq 0) about {@code deviceId} and/or {@code subject} (both nullable). */
    public static AuditEvent of(Instant at, String actor, String action, String target, String sourceAddress,
            String outcome, Map<String, String> details, String deviceId, String subject) {
        return new AuditEvent(0, at, actor, action, target, sourceAddress, outcome, details, deviceId, subject);
    }

    /** This event as stored under {@code seq}. */
    public AuditEvent withSeq(long seq) {
        return new AuditEvent(seq, at, actor, action, target, sourceAddress, outcome, details, deviceId, subject);
    }
}
