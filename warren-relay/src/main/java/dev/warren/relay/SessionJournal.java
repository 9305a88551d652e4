package dev.warren.relay;

import dev.warren.api.audit.AuditWriter;
import dev.warren.store.SessionRecord;
import dev.warren.store.WarrenStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The record of each relayed session: its row in the store's {@code sessions} and its {@code session.open} and
 * {@code session.close} audit events. Everything goes through the audit writer's one thread, the row with its event in
 * one transaction, and that writer gathers what arrives within its linger into one transaction, so a busy relay does
 * not pay a commit and a thread wake-up per row.
 *
 * <p>A session that ends before its open was written (a short HTTP request, a health check) gets one INSERT of the
 * complete row instead of an INSERT and an UPDATE; both audit events are written as always. Until its open is written a
 * session is missing from the store's live view (at most the linger, plus the writer's backlog).
 */
final class SessionJournal {
    private final WarrenStore store;
    private final AuditWriter audit;
    private final StreamAudit events;
    private final String nodeId;
    /** Sessions whose row is not written yet, by id. */
    private final Map<String, PendingRow> pending = new ConcurrentHashMap<>();

    SessionJournal(WarrenStore store, AuditWriter audit, StreamAudit events, String nodeId) {
        this.store = store;
        this.audit = audit;
        this.events = events;
        this.nodeId = nodeId;
    }

    /** {@code s} is open: its row and {@code session.open}. */
    void opened(LiveSession s) {
        PendingRow row = new PendingRow(SessionRecord.open(s.id(), s.device().id(), s.device().name(), s.service(),
                s.operator(), s.sourceAddress(), nodeId, s.startedAt(), s.grantId()));
        pending.put(s.id(), row);
        audit.append(events.openEvent(s), "session " + s.id() + " opened", () -> {
            pending.remove(s.id(), row);
            store.sessions().opened(row.toWrite());
        });
    }

    /** {@code s} ended: the end of its row (or the whole row, if its open is not written yet) and {@code session.close}. */
    void closed(LiveSession s, Instant ended, long toDevice, long fromDevice, String reason) {
        PendingRow row = pending.remove(s.id());
        SessionRecord whole = new SessionRecord(s.id(), s.device().id(), s.device().name(), s.service(), s.operator(),
                s.sourceAddress(), nodeId, s.startedAt(), ended, toDevice, fromDevice, reason, s.grantId());
        Runnable end = row != null && row.end(whole) ? () -> { }
                : () -> store.sessions().closed(s.id(), ended, toDevice, fromDevice, reason);
        audit.append(events.closeEvent(s, ended, toDevice, fromDevice, reason), "session " + s.id() + " closed", end);
    }

    /** Sessions whose open is not written yet (tests). */
    int pending() {
        return pending.size();
    }

    /** A session's row until its INSERT runs: the open row, or the complete one if the session ended first. */
    private static final class PendingRow {
        private final SessionRecord open;
        private SessionRecord ended;
        private boolean written;

        PendingRow(SessionRecord open) {
            this.open = open;
        }

        /** On the writer: the row the INSERT writes. (Run again with the same result if its transaction failed.) */
        synchronized SessionRecord toWrite() {
            written = true;
            return ended != null ? ended : open;
        }

        /** True when the INSERT will write {@code whole}, so that the end needs no UPDATE. */
        synchronized boolean end(SessionRecord whole) {
            if (written) {
                return false;
            }
            ended = whole;
            return true;
        }
    }
}
