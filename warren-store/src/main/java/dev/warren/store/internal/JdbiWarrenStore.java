package dev.warren.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.warren.store.AccessRequests;
import dev.warren.store.AuditLog;
import dev.warren.store.Devices;
import dev.warren.store.EnrollTokens;
import dev.warren.store.DeviceGrants;
import dev.warren.store.Grants;
import dev.warren.store.Sessions;
import dev.warren.store.Users;
import dev.warren.store.WarrenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The repositories over one connection pool. */
final class JdbiWarrenStore implements WarrenStore {
    private static final Logger log = LoggerFactory.getLogger(JdbiWarrenStore.class);

    private final HikariDataSource pool;
    private final String description;
    private final Devices devices;
    private final EnrollTokens enrollTokens;
    private final Users users;
    private final Sessions sessions;
    private final AuditLog audit;
    private final Grants grants;
    private final DeviceGrants deviceGrants;
    private final AccessRequests accessRequests;
    private final Db db;

    JdbiWarrenStore(HikariDataSource pool, Db db, String description) {
        this.pool = pool;
        this.db = db;
        this.description = description;
        this.devices = new JdbiDevices(db);
        this.enrollTokens = new JdbiEnrollTokens(db);
        this.users = new JdbiUsers(db);
        this.sessions = new JdbiSessions(db);
        this.audit = new JdbiAuditLog(db);
        this.grants = new JdbiGrants(db);
        this.deviceGrants = new JdbiDeviceGrants(db);
        this.accessRequests = new JdbiAccessRequests(db);
    }

    @Override
    public Devices devices() {
        return devices;
    }

    @Override
    public EnrollTokens enrollTokens() {
        return enrollTokens;
    }

    @Override
    public Users users() {
        return users;
    }

    @Override
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public Grants grants() {
        return grants;
    }

    @Override
    public DeviceGrants deviceGrants() {
        return deviceGrants;
    }

    @Override
    public AccessRequests accessRequests() {
        return accessRequests;
    }

    @Override
    public void inOneTransaction(Runnable writes) {
        // JDBI's handle scope: the repositories' calls on this thread reuse the transaction's handle
        db.inTransaction("transaction", h -> {
            writes.run();
            return null;
        });
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        if (!pool.isClosed()) {
            pool.close();
            log.info("store closed: {}", description);
        }
    }

    @Override
    public String toString() {
        return "WarrenStore[" + description + "]";
    }
}
