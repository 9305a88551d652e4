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
        PendingRow row = new PendingRow(s);
        pending.put(s.id(), row);
        // the event and the row are made on the writer's thread, off the event loop that calls this
        audit.append(() -> events.openEvent(s), "session " + s.id() + " opened", () -> {
            pending.remove(s.id(), row);
            store.sessions().opened(row.toWrite(nodeId));
        });
    }

    /** {@code s} ended: the end of its row (or the whole row, if its open is not written yet) and {@code session.close}. */
    void closed(LiveSession s, Instant ended, long toDevice, long fromDevice, String reason) {
        PendingRow row = pending.remove(s.id());
        Runnable end = row != null && row.end(ended, toDevice, fromDevice, reason) ? () -> { }
                : () -> store.sessions().closed(s.id(), ended, toDevice, fromDevice, reason);
        audit.append(() -> events.closeEvent(s, ended, toDevice, fromDevice, reason), "session " + s.id() + " closed",
                end);
    }

    /** Sessions whose open is not written yet (tests). */
    int pending() {
        return pending.size();
    }

    /** A session's row until its INSERT runs: open, or complete if the session ended first. */
    private static final class PendingRow {
        private final LiveSession session;
        private Instant ended;
        private long toDevice;
        private long fromDevice;
        private String reason;
        private boolean written;

        PendingRow(LiveSession session) {
            this.session = session;
        }

        /** On the writer: the row the INSERT writes. (Run again with the same result if its transaction failed.) */
        synchronized SessionRecord toWrite(String nodeId) {
            written = true;
            LiveSession s = session;
            return new SessionRecord(s.id(), s.device().id(), s.device().name(), s.service(), s.operator(),
                    s.sourceAddress(), nodeId, s.startedAt(), ended, toDevice, fromDevice, reason, s.grantId());
        }

        /** True when the INSERT will write the end too, so that it needs no UPDATE. */
        synchronized boolean end(Instant at, long bytesToDevice, long bytesFromDevice, String why) {
            if (written) {
                return false;
            }
            ended = at;
            toDevice = bytesToDevice;
            fromDevice = bytesFromDevice;
            reason = why;
            return true;
        }
    }
}
