package dev.warren.store.internal;

import dev.warren.store.AuditEvent;
import dev.warren.store.AuditLog;
import dev.warren.store.AuditQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link AuditLog} on the {@code audit_events} table: INSERT and SELECT only. */
final class JdbiAuditLog implements AuditLog {
    private static final String SELECT = "SELECT seq, occurred_at, actor, action, target, source_address, outcome,"
            + " details, device_id, subject FROM audit_events";

    private static final String INSERT = "INSERT INTO audit_events (occurred_at, actor, action, target,"
            + " source_address, outcome, details, device_id, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String[] SEQ = {"seq"};

    private final Db db;

    JdbiAuditLog(Db db) {
        this.db = db;
    }

    @Override
    public long append(AuditEvent e) {
        Checks.notNull("event", e);
        String details = Json.write(e.details());
        return db.jdbc("audit.append", null, c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT, SEQ)) {
                Rows.setInstant(ps, 1, e.at());
                ps.setString(2, e.actor());
                ps.setString(3, e.action());
                ps.setString(4, e.target());
                ps.setString(5, e.sourceAddress());
                ps.setString(6, e.outcome());
                ps.setString(7, details);
                ps.setString(8, e.deviceId());
                ps.setString(9, e.subject());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no seq generated for the audit event");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public List<AuditEvent> query(AuditQuery q) {
        Checks.notNull("query", q);
        Where where = new Where()
                .andIf(q.since(), "occurred_at >= :since", "since", Instant.class)
                .andIf(q.until(), "occurred_at < :until", "until", Instant.class)
                .andIf(q.actor(), "actor = :actor", "actor", String.class)
                .andIf(q.actionIsPrefix() ? null : q.action(), "action = :action", "action", String.class)
                .andIf(q.actionIsPrefix() ? likePrefix(q.action()) : null, "action LIKE :actionPrefix ESCAPE '!'",
                        "actionPrefix", String.class)
                .andIf(q.target(), "target = :target", "target", String.class)
                .andIf(q.deviceId(), "device_id = :deviceId", "deviceId", String.class)
                .andIf(q.user(), "(actor = :user OR subject = :user)", "user", String.class)
                .andIf(q.outcome(), "outcome = :outcome", "outcome", String.class);
        if (q.before() != null) {
            // the log's order is (occurred_at, seq) descending: the next page is strictly after the cursor in it
            where.andIf(q.before().at(), "(occurred_at < :beforeAt OR (occurred_at = :beforeAt AND seq < :beforeSeq))",
                    "beforeAt", Instant.class).bind("beforeSeq", q.before().seq(), Long.class);
        }
        String sql = SELECT + where.sql() + " ORDER BY occurred_at DESC, seq DESC LIMIT :limit";
        return db.call("audit.query", h -> where.bind(h.createQuery(sql))
                .bind("limit", q.limit()).map(JdbiAuditLog::map).list());
    }

    /** {@code session.*} as a LIKE pattern: {@code session.%}, with LIKE's own characters escaped. */
    private static String likePrefix(String action) {
        String prefix = action.substring(0, action.length() - 1);
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    private static AuditEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEvent(
                rs.getLong("seq"),
                Rows.instant(rs, "occurred_at"),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("source_address"),
                rs.getString("outcome"),
                Json.read("audit_events.details", rs.getString("details")),
                rs.getString("device_id"),
                rs.getString("subject"));
    }
}
