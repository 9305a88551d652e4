package dev.warren.store.internal;

import dev.warren.store.NotFoundException;
import dev.warren.store.PublishedPort;
import dev.warren.store.PublishedPorts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link PublishedPorts} on the {@code published_ports} table (V5). */
final class JdbiPublishedPorts implements PublishedPorts {
    private static final String SELECT = "SELECT port, device_id, service, created_by, created_at FROM published_ports";

    private final Db db;

    JdbiPublishedPorts(Db db) {
        this.db = db;
    }

    @Override
    public void create(PublishedPort p) {
        Checks.notNull("publishedPort", p);
        db.insert("publishedPorts.create", () -> "port " + p.port() + " or service " + p.service() + " of device "
                + p.deviceId() + " is already published", h -> {
                    boolean device = h.createQuery("SELECT COUNT(*) FROM devices WHERE id = :id")
                            .bind("id", p.deviceId()).mapTo(Integer.class).one() > 0;
                    if (!device) {
                        throw new NotFoundException("publishedPorts.create: no device with id '" + p.deviceId() + "'");
                    }
                    return h.createUpdate("INSERT INTO published_ports (port, device_id, service, created_by,"
                                    + " created_at) VALUES (:port, :deviceId, :service, :createdBy, :createdAt)")
                            .bind("port", p.port()).bind("deviceId", p.deviceId()).bind("service", p.service())
                            .bind("createdBy", p.createdBy()).bindByType("createdAt", p.createdAt(), Instant.class)
                            .execute();
                });
    }

    @Override
    public Optional<PublishedPort> byPort(int port) {
        return db.call("publishedPorts.byPort", h -> h.createQuery(SELECT + " WHERE port = :port").bind("port", port)
                .map(JdbiPublishedPorts::map).findOne());
    }

    @Override
    public List<PublishedPort> list() {
        return db.call("publishedPorts.list", h -> h.createQuery(SELECT + " ORDER BY port")
                .map(JdbiPublishedPorts::map).list());
    }

    @Override
    public boolean delete(int port) {
        return db.call("publishedPorts.delete", h -> h.createUpdate("DELETE FROM published_ports WHERE port = :port")
                .bind("port", port).execute()) > 0;
    }

    private static PublishedPort map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new PublishedPort(rs.getInt("port"), rs.getString("device_id"), rs.getString("service"),
                rs.getString("created_by"), Rows.instant(rs, "created_at"));
    }
}
