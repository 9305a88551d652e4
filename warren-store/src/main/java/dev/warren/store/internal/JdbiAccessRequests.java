package dev.warren.store.internal;

import dev.warren.store.AccessRequest;
import dev.warren.store.AccessRequests;
import dev.warren.store.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link AccessRequests} on the {@code access_requests} table, read joined with {@code users}. */
final class JdbiAccessRequests implements AccessRequests {
    private static final String SELECT = "SELECT r.id, r.user_id, u.name AS user_name, r.device, r.service,"
            + " r.duration_seconds, r.reason, r.created_at, r.status, r.decided_by, r.decided_at, r.note, r.grant_id"
            + " FROM access_requests r JOIN users u ON u.id = r.user_id";

    private final Db db;

    JdbiAccessRequests(Db db) {
        this.db = db;
    }

    @Override
    public AccessRequest create(String userId, String device, String service, long durationSeconds, String reason) {
        AccessRequest draft = new AccessRequest(Ids.next("r_"), userId, "?", device, service, durationSeconds, reason,
                db.now(), AccessRequest.Status.PENDING, null, null, null, null);
        return db.insert("accessRequests.create", () -> "request id already taken: " + draft.id(), h -> {
            JdbiUsers.requireUser(h, userId, "accessRequests.create");
            h.createUpdate("INSERT INTO access_requests (id, user_id, device, service, duration_seconds, reason,"
                            + " created_at, status) VALUES (:id, :userId, :device, :service, :duration, :reason,"
                            + " :createdAt, :status)")
                    .bind("id", draft.id())
                    .bind("userId", userId)
                    .bind("device", device)
                    .bind("service", service)
                    .bind("duration", durationSeconds)
                    .bind("reason", reason)
                    .bindByType("createdAt", draft.createdAt(), Instant.class)
                    .bind("status", draft.status().name())
                    .execute();
            return h.createQuery(SELECT + " WHERE r.id = :id").bind("id", draft.id()).map(JdbiAccessRequests::map)
                    .one();
        });
    }

    @Override
    public Optional<AccessRequest> byId(String id) {
        return db.call("accessRequests.byId", h -> h.createQuery(SELECT + " WHERE r.id = :id")
                .bind("id", id).map(JdbiAccessRequests::map).findOne());
    }

    @Override
    public List<AccessRequest> query(String userId, AccessRequest.Status status, int limit) {
        Checks.limit(limit);
        Where where = new Where()
                .andIf(userId, "r.user_id = :userId", "userId", String.class)
                .andIf(status == null ? null : status.name(), "r.status = :status", "status", String.class);
        String sql = SELECT + where.sql() + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit";
        return db.call("accessRequests.query", h -> where.bind(h.createQuery(sql)).bind("limit", limit)
                .map(JdbiAccessRequests::map).list());
    }

    @Override
    public boolean decide(String id, AccessRequest.Status status, String decidedBy, Instant at, String note) {
        if (status == null || status == AccessRequest.Status.PENDING) {
            throw new IllegalArgumentException("status: " + status + " (expected: APPROVED or DENIED)");
        }
        Checks.text("decidedBy", decidedBy, Checks.NAME);
        Instant when = Checks.instant("at", at);
        Checks.optionalText("note", note, 512);
        return db.call("accessRequests.decide", h -> h.createUpdate("UPDATE access_requests SET status = :status,"
                        + " decided_by = :by, decided_at = :at, note = :note WHERE id = :id AND status = 'PENDING'")
                .bind("status", status.name()).bind("by", decidedBy).bindByType("at", when, Instant.class)
                .bind("note", note).bind("id", id).execute() > 0);
    }

    @Override
    public void attachGrant(String id, String grantId) {
        Checks.text("grantId", grantId, Checks.ID);
        int rows = db.call("accessRequests.attachGrant", h -> h.createUpdate(
                        "UPDATE access_requests SET grant_id = :grantId WHERE id = :id")
                .bind("grantId", grantId).bind("id", id).execute());
        if (rows == 0) {
            throw new NotFoundException("accessRequests.attachGrant: no request with id '" + id + "'");
        }
    }

    private static AccessRequest map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AccessRequest(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("user_name"),
                rs.getString("device"),
                rs.getString("service"),
                rs.getLong("duration_seconds"),
                rs.getString("reason"),
                Rows.instant(rs, "created_at"),
                AccessRequest.Status.valueOf(rs.getString("status")),
                rs.getString("decided_by"),
                Rows.instant(rs, "decided_at"),
                rs.getString("note"),
                rs.getString("grant_id"));
    }
}
