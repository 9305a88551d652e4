package dev.warren.store.internal;

import dev.warren.store.Device;
import dev.warren.store.Devices;
import dev.warren.store.NotFoundException;
import dev.warren.store.RevokedCertificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link Devices} on the {@code devices} table. */
final class JdbiDevices implements Devices {
    private static final String COLUMNS = "id, name, labels, disabled, created_at, last_seen_at, online, agent_version,"
            + " cert_fingerprint, cert_not_after, last_address, online_node";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM devices";

    /** What enrollment stores until the certificate is signed (see the API's enrollment). */
    private static final String PLACEHOLDER = "0".repeat(64);

    private final Db db;

    JdbiDevices(Db db) {
        this.db = db;
    }

    @Override
    public Device create(String name, Map<String, String> labels, String certFingerprint, Instant certNotAfter) {
        Device device = new Device(Ids.next("d_"), name, labels, false, db.now(), null, false, null, certFingerprint,
                certNotAfter, null, null);
        return db.insert("devices.create", () -> "device name already taken: '" + name + "'", h -> {
            h.createUpdate("INSERT INTO devices (" + COLUMNS + ") VALUES (:id, :name, :labels, :disabled, :createdAt,"
                            + " :lastSeenAt, :online, :agentVersion, :certFingerprint, :certNotAfter, :lastAddress,"
                            + " :onlineNode)")
                    .bind("id", device.id())
                    .bind("name", device.name())
                    .bind("labels", Json.write(device.labels()))
                    .bind("disabled", device.disabled())
                    .bindByType("createdAt", device.createdAt(), Instant.class)
                    .bindByType("lastSeenAt", device.lastSeenAt(), Instant.class)
                    .bind("online", device.online())
                    .bind("agentVersion", device.agentVersion())
                    .bind("certFingerprint", device.certFingerprint())
                    .bindByType("certNotAfter", device.certNotAfter(), Instant.class)
                    .bind("lastAddress", device.lastAddress())
                    .bind("onlineNode", device.onlineNode())
                    .execute();
            return device;
        });
    }

    @Override
    public Optional<Device> byId(String id) {
        return db.call("devices.byId", h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id).map(JdbiDevices::map).findOne().map(d -> withDisabled(h, d)));
    }

    @Override
    public Optional<Device> byName(String name) {
        return db.call("devices.byName", h -> h.createQuery(SELECT + " WHERE name = :name")
                .bind("name", name).map(JdbiDevices::map).findOne().map(d -> withDisabled(h, d)));
    }

    @Override
    public List<Device> list() {
        return db.call("devices.list", h -> {
            List<Device> devices = h.createQuery(SELECT + " ORDER BY name").map(JdbiDevices::map).list();
            Map<String, Set<String>> disabled = new HashMap<>();
            h.createQuery("SELECT device_id, service FROM device_disabled_services")
                    .map((rs, ctx) -> Map.entry(rs.getString("device_id"), rs.getString("service")))
                    .forEach(e -> disabled.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(e.getValue()));
            return devices.stream().map(d -> disabled.containsKey(d.id()) ? with(d, disabled.get(d.id())) : d).toList();
        });
    }

    @Override
    public boolean setServiceDisabled(String id, String service, boolean disabled) {
        Checks.text("service", service, Checks.NAME);
        Instant now = db.now();
        return db.inTransaction("devices.setServiceDisabled", h -> {
            requireExists(h, id, "devices.setServiceDisabled");
            boolean present = h.createQuery("SELECT COUNT(*) FROM device_disabled_services WHERE device_id = :id"
                            + " AND service = :service")
                    .bind("id", id).bind("service", service).mapTo(Integer.class).one() > 0;
            if (present == disabled) {
                return false;
            }
            if (disabled) {
                h.createUpdate("INSERT INTO device_disabled_services (device_id, service, disabled_at)"
                                + " VALUES (:id, :service, :at)")
                        .bind("id", id).bind("service", service).bindByType("at", now, Instant.class).execute();
            } else {
                h.createUpdate("DELETE FROM device_disabled_services WHERE device_id = :id AND service = :service")
                        .bind("id", id).bind("service", service).execute();
            }
            return true;
        });
    }

    private static Device withDisabled(Handle h, Device d) {
        List<String> services = h.createQuery("SELECT service FROM device_disabled_services WHERE device_id = :id")
                .bind("id", d.id()).mapTo(String.class).list();
        return services.isEmpty() ? d : with(d, Set.copyOf(services));
    }

    private static Device with(Device d, Set<String> disabledServices) {
        return new Device(d.id(), d.name(), d.labels(), d.disabled(), d.createdAt(), d.lastSeenAt(), d.online(),
                d.agentVersion(), d.certFingerprint(), d.certNotAfter(), d.lastAddress(), d.onlineNode(),
                disabledServices);
    }

    @Override
    public void markOnline(String id, String node, String address, String agentVersion, Instant at) {
        Checks.text("node", node, Checks.NAME);
        Checks.optionalText("address", address, Checks.TEXT);
        Checks.optionalText("agentVersion", agentVersion, Checks.NAME);
        Instant when = Checks.instant("at", at);
        // admitted with its current certificate: the one a renewal replaced may no longer renew
        update("devices.markOnline", id, h -> h.createUpdate("UPDATE devices SET online = TRUE, online_node = :node,"
                        + " last_address = :address, agent_version = :agentVersion, last_seen_at = :at,"
                        + " previous_cert_fingerprint = NULL WHERE id = :id")
                .bind("node", node).bind("address", address).bind("agentVersion", agentVersion)
                .bindByType("at", when, Instant.class).bind("id", id).execute());
    }

    @Override
    public void markOffline(String id, Instant at) {
        Instant when = Checks.instant("at", at);
        update("devices.markOffline", id, h -> h.createUpdate("UPDATE devices SET online = FALSE, online_node = NULL,"
                        + " last_seen_at = :at WHERE id = :id")
                .bindByType("at", when, Instant.class).bind("id", id).execute());
    }

    @Override
    public boolean markOffline(String id, String node, Instant at) {
        Checks.text("node", node, Checks.NAME);
        Instant when = Checks.instant("at", at);
        return db.call("devices.markOffline", h -> {
            int rows = h.createUpdate("UPDATE devices SET online = FALSE, online_node = NULL, last_seen_at = :at"
                            + " WHERE id = :id AND online_node = :node")
                    .bindByType("at", when, Instant.class).bind("id", id).bind("node", node).execute();
            if (rows == 0) {
                requireExists(h, id, "devices.markOffline");
            }
            return rows > 0;
        });
    }

    @Override
    public int markAllOffline(String node) {
        Checks.text("node", node, Checks.NAME);
        return db.call("devices.markAllOffline", h -> h.createUpdate(
                        "UPDATE devices SET online = FALSE, online_node = NULL WHERE online_node = :node")
                .bind("node", node).execute());
    }

    @Override
    public void touch(String id, Instant at) {
        Instant when = Checks.instant("at", at);
        update("devices.touch", id, h -> h.createUpdate("UPDATE devices SET last_seen_at = CASE"
                        + " WHEN last_seen_at IS NULL OR last_seen_at < :at THEN :at ELSE last_seen_at END"
                        + " WHERE id = :id")
                .bindByType("at", when, Instant.class).bind("id", id).execute());
    }

    @Override
    public void updateCertificate(String id, String certFingerprint, Instant notAfter) {
        String fingerprint = Checks.fingerprint(certFingerprint);
        Instant expiry = Checks.instant("notAfter", notAfter);
        update("devices.updateCertificate", id, h -> h.createUpdate("UPDATE devices SET cert_fingerprint = :fingerprint,"
                        + " cert_not_after = :notAfter, previous_cert_fingerprint = NULL WHERE id = :id")
                .bind("fingerprint", fingerprint).bindByType("notAfter", expiry, Instant.class).bind("id", id)
                .execute());
    }

    @Override
    public boolean renewCertificate(String id, String presentedFingerprint, String newFingerprint, Instant notAfter) {
        String presented = Checks.fingerprint(presentedFingerprint);
        String renewed = Checks.fingerprint(newFingerprint);
        Instant expiry = Checks.instant("notAfter", notAfter);
        // every right-hand side reads the row as it was: the certificate replaced becomes the previous one, unless the
        // previous one is renewing again (then it stays the previous one)
        return db.call("devices.renewCertificate", h -> h.createUpdate("UPDATE devices SET previous_cert_fingerprint ="
                        + " CASE WHEN cert_fingerprint = :presented THEN cert_fingerprint ELSE previous_cert_fingerprint END,"
                        + " cert_fingerprint = :renewed, cert_not_after = :notAfter"
                        + " WHERE id = :id AND (cert_fingerprint = :presented OR previous_cert_fingerprint = :presented)")
                .bind("presented", presented).bind("renewed", renewed).bindByType("notAfter", expiry, Instant.class)
                .bind("id", id).execute()) == 1;
    }

    @Override
    public void setDisabled(String id, boolean disabled) {
        update("devices.setDisabled", id, h -> h.createUpdate("UPDATE devices SET disabled = :disabled WHERE id = :id")
                .bind("disabled", disabled).bind("id", id).execute());
    }

    @Override
    public void setLabels(String id, Map<String, String> labels) {
        String json = Json.write(Checks.labels(labels));
        update("devices.setLabels", id, h -> h.createUpdate("UPDATE devices SET labels = :labels WHERE id = :id")
                .bind("labels", json).bind("id", id).execute());
    }

    @Override
    public boolean delete(String id, String reason) {
        Checks.text("reason", reason, Checks.TEXT);
        Instant now = db.now();
        return db.inTransaction("devices.delete", h -> {
            Optional<Device> found = h.createQuery(SELECT + " WHERE id = :id").bind("id", id)
                    .map(JdbiDevices::map).findOne();
            if (found.isEmpty()) {
                return false;
            }
            Device d = found.get();
            // a device deleted mid-enrollment still holds the placeholder fingerprint: nothing to revoke
            boolean revoked = d.certFingerprint().equals(PLACEHOLDER) || h.createQuery("SELECT COUNT(*) FROM revoked_device_certificates"
                            + " WHERE fingerprint = :fingerprint")
                    .bind("fingerprint", d.certFingerprint()).mapTo(Integer.class).one() > 0;
            if (!revoked) {
                h.createUpdate("INSERT INTO revoked_device_certificates (fingerprint, device_id, device_name,"
                                + " revoked_at, reason) VALUES (:fingerprint, :id, :name, :at, :reason)")
                        .bind("fingerprint", d.certFingerprint()).bind("id", d.id()).bind("name", d.name())
                        .bindByType("at", now, Instant.class).bind("reason", reason).execute();
            }
            return h.createUpdate("DELETE FROM devices WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    @Override
    public Optional<RevokedCertificate> revokedCertificate(String certFingerprint) {
        String fingerprint = Checks.fingerprint(certFingerprint);
        return db.call("devices.revokedCertificate", h -> h.createQuery("SELECT fingerprint, device_id, device_name,"
                        + " revoked_at, reason FROM revoked_device_certificates WHERE fingerprint = :fingerprint")
                .bind("fingerprint", fingerprint)
                .map((rs, ctx) -> new RevokedCertificate(rs.getString("fingerprint"), rs.getString("device_id"),
                        rs.getString("device_name"), Rows.instant(rs, "revoked_at"), rs.getString("reason")))
                .findOne());
    }

    private void update(String operation, String id, HandleCallback<Integer, RuntimeException> work) {
        int rows = db.call(operation, work);
        if (rows == 0) {
            throw new NotFoundException(operation + ": no device with id '" + id + "'");
        }
    }

    private static void requireExists(Handle h, String id, String operation) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM devices WHERE id = :id").bind("id", id)
                .mapTo(Integer.class).one() > 0;
        if (!exists) {
            throw new NotFoundException(operation + ": no device with id '" + id + "'");
        }
    }

    private static Device map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Device(
                rs.getString("id"),
                rs.getString("name"),
                Json.read("devices.labels", rs.getString("labels")),
                rs.getBoolean("disabled"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "last_seen_at"),
                rs.getBoolean("online"),
                rs.getString("agent_version"),
                rs.getString("cert_fingerprint"),
                Rows.instant(rs, "cert_not_after"),
                rs.getString("last_address"),
                rs.getString("online_node"));
    }
}
