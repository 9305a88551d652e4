package dev.warren.store.internal;

import dev.warren.store.DeviceGrant;
import dev.warren.store.DeviceGrants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link DeviceGrants} on the {@code device_grants} table. */
final class JdbiDeviceGrants implements DeviceGrants {
    private static final String SELECT = "SELECT id, from_device_id, device_id, service, reason, created_by,"
            + " created_at, expires_at, revoked_at, revoked_by FROM device_grants";
    private static final int MAX_OF_SOURCE = 1000;

    private final Db db;

    JdbiDeviceGrants(Db db) {
        this.db = db;
    }

    @Override
    public DeviceGrant create(String fromDeviceId, String deviceId, String service, String reason, String createdBy,
            Instant expiresAt) {
        Instant now = db.now();
        Checks.notNull("expiresAt", expiresAt);
        if (!expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt: " + expiresAt + " (expected: in the future)");
        }
        DeviceGrant g = new DeviceGrant(Ids.next("dg_"), fromDeviceId, deviceId, service, reason, createdBy, now,
                expiresAt, null, null);
        return db.insert("deviceGrants.create", () -> "device grant id already taken: " + g.id(), h -> {
            h.createUpdate("INSERT INTO device_grants (id, from_device_id, device_id, service, reason, created_by,"
                            + " created_at, expires_at, revoked_at, revoked_by) VALUES (:id, :from, :device, :service,"
                            + " :reason, :createdBy, :createdAt, :expiresAt, NULL, NULL)")
                    .bind("id", g.id())
                    .bind("from", g.fromDeviceId())
                    .bind("device", g.deviceId())
                    .bind("service", g.service())
                    .bind("reason", g.reason())
                    .bind("createdBy", g.createdBy())
                    .bindByType("createdAt", g.createdAt(), Instant.class)
                    .bindByType("expiresAt", g.expiresAt(), Instant.class)
                    .execute();
            return h.createQuery(SELECT + " WHERE id = :id").bind("id", g.id()).map(JdbiDeviceGrants::map).one();
        });
    }

    @Override
    public Optional<DeviceGrant> byId(String id) {
        return db.call("deviceGrants.byId", h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id).map(JdbiDeviceGrants::map).findOne());
    }

    @Override
    public List<DeviceGrant> query(String fromDeviceId, String deviceId, Instant liveAt, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
        Where where = new Where()
                .andIf(fromDeviceId, "from_device_id = :from", "from", String.class)
                .andIf(deviceId, "device_id = :device", "device", String.class)
                .andIf(liveAt, "revoked_at IS NULL AND expires_at > :liveAt", "liveAt", Instant.class);
        String sql = SELECT + where.sql() + " ORDER BY created_at DESC, id DESC LIMIT :limit";
        return db.call("deviceGrants.query", h -> where.bind(h.createQuery(sql))
                .bind("limit", limit).map(JdbiDeviceGrants::map).list());
    }

    @Override
    public List<DeviceGrant> ofSource(String fromDeviceId, Instant since) {
        Instant from = Checks.instant("since", since);
        return db.call("deviceGrants.ofSource", h -> h.createQuery(SELECT + " WHERE from_device_id = :from"
                        + " AND expires_at > :since AND (revoked_at IS NULL OR revoked_at > :since)"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("from", fromDeviceId).bindByType("since", from, Instant.class).bind("limit", MAX_OF_SOURCE)
                .map(JdbiDeviceGrants::map).list());
    }

    @Override
    public boolean revoke(String id, String revokedBy, Instant at) {
        Checks.text("revokedBy", revokedBy, Checks.NAME);
        Instant when = Checks.instant("at", at);
        return db.call("deviceGrants.revoke", h -> h.createUpdate("UPDATE device_grants SET revoked_at = :at,"
                        + " revoked_by = :by WHERE id = :id AND revoked_at IS NULL AND expires_at > :at")
                .bindByType("at", when, Instant.class).bind("by", revokedBy).bind("id", id).execute() > 0);
    }

    private static DeviceGrant map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new DeviceGrant(
                rs.getString("id"),
                rs.getString("from_device_id"),
                rs.getString("device_id"),
                rs.getString("service"),
                rs.getString("reason"),
                rs.getString("created_by"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "expires_at"),
                Rows.instant(rs, "revoked_at"),
                rs.getString("revoked_by"));
    }
}
