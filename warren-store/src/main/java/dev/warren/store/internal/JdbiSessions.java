package dev.warren.store.internal;

import dev.warren.store.NotFoundException;
import dev.warren.store.SessionQuery;
import dev.warren.store.SessionRecord;
import dev.warren.store.Sessions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Sessions} on the {@code sessions} table. */
final class JdbiSessions implements Sessions {
    private static final Logger log = LoggerFactory.getLogger(JdbiSessions.class);
    private static final String COLUMNS = "id, device_id, device_name, service, operator_name, source_address,"
            + " relay_node, started_at, ended_at, bytes_to_device, bytes_from_device, close_reason, grant_id";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM sessions";
    private static final String INSERT = "INSERT INTO sessions (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Db db;

    JdbiSessions(Db db) {
        this.db = db;
    }

    @Override
    public void opened(SessionRecord s) {
        Checks.notNull("session", s);
        db.jdbc("sessions.opened", () -> "session id already taken: '" + s.id() + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, s.id());
                ps.setString(2, s.deviceId());
                ps.setString(3, s.deviceName());
                ps.setString(4, s.service());
                ps.setString(5, s.operator());
                ps.setString(6, s.sourceAddress());
                ps.setString(7, s.relayNode());
                Rows.setInstant(ps, 8, s.startedAt());
                Rows.setInstant(ps, 9, s.endedAt());
                ps.setLong(10, s.bytesToDevice());
                ps.setLong(11, s.bytesFromDevice());
                ps.setString(12, s.closeReason());
                ps.setString(13, s.grantId());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void closed(String id, Instant endedAt, long bytesToDevice, long bytesFromDevice, String closeReason) {
        Instant end = Checks.instant("endedAt", endedAt);
        Checks.nonNegative("bytesToDevice", bytesToDevice);
        Checks.nonNegative("bytesFromDevice", bytesFromDevice);
        Checks.text("closeReason", closeReason, Checks.TEXT);
        db.call("sessions.closed", h -> {
            int rows = h.createUpdate("UPDATE sessions SET ended_at = :endedAt, bytes_to_device = :toDevice,"
                            + " bytes_from_device = :fromDevice, close_reason = :reason"
                            + " WHERE id = :id AND ended_at IS NULL")
                    .bindByType("endedAt", end, Instant.class)
                    .bind("toDevice", bytesToDevice)
                    .bind("fromDevice", bytesFromDevice)
                    .bind("reason", closeReason)
                    .bind("id", id)
                    .execute();
            if (rows == 0) {
                boolean exists = h.createQuery("SELECT COUNT(*) FROM sessions WHERE id = :id").bind("id", id)
                        .mapTo(Integer.class).one() > 0;
                if (!exists) {
                    throw new NotFoundException("sessions.closed: no session with id '" + id + "'");
                }
                log.debug("session {} was already closed; kept its first close", id);
            }
            return rows;
        });
    }

    @Override
    public Optional<SessionRecord> byId(String id) {
        return db.call("sessions.byId", h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id).map(JdbiSessions::map).findOne());
    }

    @Override
    public List<SessionRecord> query(SessionQuery q) {
        Checks.notNull("query", q);
        Where where = new Where()
                .andIf(q.deviceId(), "device_id = :deviceId", "deviceId", String.class)
                .andIf(q.operator(), "operator_name = :operator", "operator", String.class)
                .andIf(q.since(), "started_at >= :since", "since", Instant.class)
                .andIf(q.openOnly(), "ended_at IS NULL");
        String sql = SELECT + where.sql() + " ORDER BY started_at DESC, id DESC LIMIT :limit";
        return db.call("sessions.query", h -> where.bind(h.createQuery(sql))
                .bind("limit", q.limit()).map(JdbiSessions::map).list());
    }

    @Override
    public int closeAllOpen(String relayNode, Instant at, String reason) {
        Checks.text("relayNode", relayNode, Checks.NAME);
        Instant end = Checks.instant("at", at);
        Checks.text("reason", reason, Checks.TEXT);
        return db.call("sessions.closeAllOpen", h -> h.createUpdate("UPDATE sessions SET ended_at = :at,"
                        + " close_reason = :reason WHERE relay_node = :node AND ended_at IS NULL")
                .bindByType("at", end, Instant.class).bind("reason", reason).bind("node", relayNode).execute());
    }

    private static SessionRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SessionRecord(
                rs.getString("id"),
                rs.getString("device_id"),
                rs.getString("device_name"),
                rs.getString("service"),
                rs.getString("operator_name"),
                rs.getString("source_address"),
                rs.getString("relay_node"),
                Rows.instant(rs, "started_at"),
                Rows.instant(rs, "ended_at"),
                rs.getLong("bytes_to_device"),
                rs.getLong("bytes_from_device"),
                rs.getString("close_reason"),
                rs.getString("grant_id"));
    }
}
