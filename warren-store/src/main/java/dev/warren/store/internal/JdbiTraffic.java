package dev.warren.store.internal;

import dev.warren.store.Traffic;
import dev.warren.store.TrafficPoint;
import dev.warren.store.TrafficQuery;
import dev.warren.store.TrafficSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** {@link Traffic} on the {@code traffic} table (V5). */
final class JdbiTraffic implements Traffic {
    private static final String ADD = "UPDATE traffic SET bytes_to_device = bytes_to_device + :toDevice,"
            + " bytes_from_device = bytes_from_device + :fromDevice, sessions = sessions + :sessions,"
            + " device_name = :deviceName WHERE bucket_start = :bucket AND device_id = :deviceId AND service = :service"
            + " AND relay_node = :node AND resolution_seconds = :resolution";
    private static final String INSERT = "INSERT INTO traffic (bucket_start, resolution_seconds, device_id, service,"
            + " relay_node, device_name, bytes_to_device, bytes_from_device, sessions) VALUES (:bucket, :resolution,"
            + " :deviceId, :service, :node, :deviceName, :toDevice, :fromDevice, :sessions)";

    private final Db db;

    JdbiTraffic(Db db) {
        this.db = db;
    }

    @Override
    public void add(String relayNode, Collection<TrafficSample> samples) {
        Checks.text("relayNode", relayNode, Checks.NAME);
        Checks.notNull("samples", samples);
        if (samples.isEmpty()) {
            return;
        }
        db.inTransaction("traffic.add", h -> {
            for (TrafficSample s : samples) {
                addTo(h, s.minute().getEpochSecond(), MINUTE, s.deviceId(), s.deviceName(), s.service(), relayNode,
                        s.bytesToDevice(), s.bytesFromDevice(), s.sessions());
            }
            return null;
        });
    }

    /** Only this node's writer thread adds to this node's rows: update-then-insert cannot race. */
    private static void addTo(Handle h, long bucket, int resolution, String deviceId, String deviceName,
            String service, String node, long toDevice, long fromDevice, long sessions) {
        for (String sql : new String[] {ADD, INSERT}) {
            int rows = h.createUpdate(sql).bind("bucket", bucket).bind("resolution", resolution)
                    .bind("deviceId", deviceId).bind("deviceName", deviceName).bind("service", service)
                    .bind("node", node).bind("toDevice", toDevice).bind("fromDevice", fromDevice)
                    .bind("sessions", sessions).execute();
            if (rows > 0) {
                return;
            }
        }
    }

    @Override
    public List<TrafficPoint> query(TrafficQuery q) {
        Checks.notNull("query", q);
        if (q.deviceIds() != null && q.deviceIds().isEmpty()) {
            return List.of();
        }
        // the step is a validated int, so inlining it is safe; it must be a literal for GROUP BY to repeat it
        String step = "(bucket_start / " + q.stepSeconds() + ") * " + q.stepSeconds();
        String keys = switch (q.grouping()) {
            case TOTAL -> "";
            case DEVICE -> ", device_id";
            case SERVICE -> ", device_id, service";
        };
        String selectKeys = switch (q.grouping()) {
            case TOTAL -> ", NULL AS device_id, NULL AS device_name, NULL AS service";
            case DEVICE -> ", device_id, MAX(device_name) AS device_name, NULL AS service";
            case SERVICE -> ", device_id, MAX(device_name) AS device_name, service";
        };
        StringBuilder sql = new StringBuilder("SELECT ").append(step).append(" AS step_start").append(selectKeys)
                .append(", SUM(bytes_to_device) AS to_device, SUM(bytes_from_device) AS from_device,")
                .append(" SUM(sessions) AS opened FROM traffic WHERE bucket_start >= :from AND bucket_start < :to");
        if (q.deviceIds() != null) {
            sql.append(" AND device_id IN (<deviceIds>)");
        }
        if (q.service() != null) {
            sql.append(" AND service = :service");
        }
        sql.append(" GROUP BY ").append(step).append(keys).append(" ORDER BY step_start").append(keys);
        return db.call("traffic.query", h -> {
            Query query = h.createQuery(sql.toString())
                    .bind("from", q.from().getEpochSecond())
                    .bind("to", q.to().getEpochSecond() + (q.to().getNano() > 0 ? 1 : 0));
            if (q.deviceIds() != null) {
                query.bindList("deviceIds", new ArrayList<>(q.deviceIds()));
            }
            if (q.service() != null) {
                query.bind("service", q.service());
            }
            return query.map((rs, ctx) -> new TrafficPoint(Instant.ofEpochSecond(rs.getLong("step_start")),
                    rs.getString("device_id"), rs.getString("device_name"), rs.getString("service"),
                    rs.getLong("to_device"), rs.getLong("from_device"), rs.getLong("opened"))).list();
        });
    }

    /** A row of the roll-up: an hour's sums for one device service. */
    private record HourSum(long hour, String deviceId, String deviceName, String service, long toDevice,
            long fromDevice, long sessions) {}

    @Override
    public int rollUp(String relayNode, Instant before) {
        Checks.text("relayNode", relayNode, Checks.NAME);
        long cutoff = Traffic.floor(Checks.notNull("before", before).getEpochSecond(), HOUR);
        return db.inTransaction("traffic.rollUp", h -> {
            List<HourSum> sums = h.createQuery("SELECT (bucket_start / 3600) * 3600 AS hour_start, device_id, service,"
                            + " MAX(device_name) AS device_name, SUM(bytes_to_device) AS to_device,"
                            + " SUM(bytes_from_device) AS from_device, SUM(sessions) AS opened FROM traffic"
                            + " WHERE relay_node = :node AND resolution_seconds = 60 AND bucket_start < :cutoff"
                            + " GROUP BY (bucket_start / 3600) * 3600, device_id, service")
                    .bind("node", relayNode).bind("cutoff", cutoff)
                    .map((rs, ctx) -> new HourSum(rs.getLong("hour_start"), rs.getString("device_id"),
                            rs.getString("device_name"), rs.getString("service"), rs.getLong("to_device"),
                            rs.getLong("from_device"), rs.getLong("opened")))
                    .list();
            for (HourSum s : sums) {
                addTo(h, s.hour(), HOUR, s.deviceId(), s.deviceName(), s.service(), relayNode, s.toDevice(),
                        s.fromDevice(), s.sessions());
            }
            return h.createUpdate("DELETE FROM traffic WHERE relay_node = :node AND resolution_seconds = 60"
                    + " AND bucket_start < :cutoff").bind("node", relayNode).bind("cutoff", cutoff).execute();
        });
    }

    @Override
    public int purge(Instant before) {
        long cutoff = Checks.notNull("before", before).getEpochSecond();
        return db.call("traffic.purge", h -> h.createUpdate("DELETE FROM traffic WHERE bucket_start < :cutoff")
                .bind("cutoff", cutoff).execute());
    }
}
