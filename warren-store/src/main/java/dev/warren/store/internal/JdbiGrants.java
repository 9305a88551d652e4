package dev.warren.store.internal;

import dev.warren.store.Grant;
import dev.warren.store.GrantQuery;
import dev.warren.store.Grants;
import dev.warren.store.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link Grants} on the {@code grants} table, read joined with {@code users} or {@code devices} for the holder's name. */
final class JdbiGrants implements Grants {
    private static final String SELECT = "SELECT g.id, g.user_id, u.name AS user_name, g.from_device_id,"
            + " d.name AS from_device_name, g.device_id, g.selector, g.service, g.reason, g.created_by, g.created_at,"
            + " g.expires_at, g.revoked_at, g.revoked_by, g.request_id"
            + " FROM grants g LEFT JOIN users u ON u.id = g.user_id LEFT JOIN devices d ON d.id = g.from_device_id";
    private static final int MAX_OF_USER = 1000;

    private final Db db;

    JdbiGrants(Db db) {
        this.db = db;
    }

    @Override
    public Grant create(String userId, String deviceId, Map<String, String> selector, String service, String reason,
            String createdBy, Instant expiresAt, String requestId) {
        Checks.text("userId", userId, Checks.ID);
        return insert(userId, null, deviceId, selector, service, reason, createdBy, expiresAt, requestId);
    }

    @Override
    public Grant createForDevice(String fromDeviceId, String deviceId, Map<String, String> selector, String service,
            String reason, String createdBy, Instant expiresAt) {
        Checks.text("fromDeviceId", fromDeviceId, Checks.ID);
        return insert(null, fromDeviceId, deviceId, selector, service, reason, createdBy, expiresAt, null);
    }

    private Grant insert(String userId, String fromDeviceId, String deviceId, Map<String, String> selector,
            String service, String reason, String createdBy, Instant expiresAt, String requestId) {
        Instant now = db.now();
        Checks.notNull("expiresAt", expiresAt);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt: " + expiresAt + " (expected: in the future)");
        }
        // validated before the insert; the holder's name is filled in from the row
        Grant draft = new Grant(Ids.next("g_"), userId, userId == null ? null : "?", fromDeviceId, null, deviceId,
                selector, service, reason, createdBy, now, expiresAt, null, null, requestId);
        return db.insert("grants.create", () -> "grant id already taken: " + draft.id(), h -> {
            if (userId != null) {
                JdbiUsers.requireUser(h, userId, "grants.create");
            } else {
                requireDevice(h, fromDeviceId);
            }
            h.createUpdate("INSERT INTO grants (id, user_id, from_device_id, device_id, selector, service, reason,"
                            + " created_by, created_at, expires_at, revoked_at, revoked_by, request_id) VALUES (:id,"
                            + " :userId, :fromDeviceId, :deviceId, :selector, :service, :reason, :createdBy, :createdAt,"
                            + " :expiresAt, NULL, NULL, :requestId)")
                    .bind("id", draft.id())
                    .bind("userId", draft.userId())
                    .bind("fromDeviceId", draft.fromDeviceId())
                    .bind("deviceId", draft.deviceId())
                    .bind("selector", draft.deviceId() == null ? Json.write(draft.selector()) : null)
                    .bind("service", draft.service())
                    .bind("reason", draft.reason())
                    .bind("createdBy", draft.createdBy())
                    .bindByType("createdAt", draft.createdAt(), Instant.class)
                    .bindByType("expiresAt", draft.expiresAt(), Instant.class)
                    .bind("requestId", draft.requestId())
                    .execute();
            return h.createQuery(SELECT + " WHERE g.id = :id").bind("id", draft.id()).map(JdbiGrants::map).one();
        });
    }

    private static void requireDevice(org.jdbi.v3.core.Handle h, String deviceId) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM devices WHERE id = :id").bind("id", deviceId)
                .mapTo(Integer.class).one() > 0;
        if (!exists) {
            throw new NotFoundException("grants.create: no device with id '" + deviceId + "'");
        }
    }

    @Override
    public Optional<Grant> byId(String id) {
        return db.call("grants.byId", h -> h.createQuery(SELECT + " WHERE g.id = :id")
                .bind("id", id).map(JdbiGrants::map).findOne());
    }

    @Override
    public List<Grant> query(GrantQuery q) {
        Checks.notNull("query", q);
        Where where = new Where()
                .andIf(q.userId(), "g.user_id = :userId", "userId", String.class)
                .andIf(q.fromDeviceId(), "g.from_device_id = :fromDeviceId", "fromDeviceId", String.class)
                .andIf(q.deviceId(), "g.device_id = :deviceId", "deviceId", String.class)
                .andIf(q.liveAt(), "g.revoked_at IS NULL AND g.expires_at > :liveAt", "liveAt", Instant.class);
        String sql = SELECT + where.sql() + " ORDER BY g.created_at DESC, g.id DESC LIMIT :limit";
        return db.call("grants.query", h -> where.bind(h.createQuery(sql))
                .bind("limit", q.limit()).map(JdbiGrants::map).list());
    }

    @Override
    public List<Grant> ofUser(String userId, Instant since) {
        return notEndedBy("grants.ofUser", "g.user_id", userId, since);
    }

    @Override
    public List<Grant> ofDevice(String fromDeviceId, Instant since) {
        return notEndedBy("grants.ofDevice", "g.from_device_id", fromDeviceId, since);
    }

    private List<Grant> notEndedBy(String operation, String holderColumn, String holder, Instant since) {
        Instant from = Checks.instant("since", since);
        return db.call(operation, h -> h.createQuery(SELECT + " WHERE " + holderColumn + " = :holder"
                        + " AND g.expires_at > :since AND (g.revoked_at IS NULL OR g.revoked_at > :since)"
                        + " ORDER BY g.created_at DESC, g.id DESC LIMIT :limit")
                .bind("holder", holder).bindByType("since", from, Instant.class).bind("limit", MAX_OF_USER)
                .map(JdbiGrants::map).list());
    }

    @Override
    public boolean revoke(String id, String revokedBy, Instant at) {
        Checks.text("revokedBy", revokedBy, Checks.NAME);
        Instant when = Checks.instant("at", at);
        return db.call("grants.revoke", h -> h.createUpdate("UPDATE grants SET revoked_at = :at, revoked_by = :by"
                        + " WHERE id = :id AND revoked_at IS NULL AND expires_at > :at")
                .bindByType("at", when, Instant.class).bind("by", revokedBy).bind("id", id).execute() > 0);
    }

    private static Grant map(ResultSet rs, StatementContext ctx) throws SQLException {
        String selector = rs.getString("selector");
        return new Grant(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("user_name"),
                rs.getString("from_device_id"),
                rs.getString("from_device_name"),
                rs.getString("device_id"),
                selector == null ? Map.of() : Json.read("grants.selector", selector),
                rs.getString("service"),
                rs.getString("reason"),
                rs.getString("created_by"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "revoked_at"),
                rs.getString("revoked_by"),
                rs.getString("request_id"));
    }
}
