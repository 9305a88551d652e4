package dev.warren.store.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.warren.store.AccessRequests;
import dev.warren.store.AuditLog;
import dev.warren.store.Devices;
import dev.warren.store.EnrollTokens;
import dev.warren.store.Grants;
import dev.warren.store.PublishedPorts;
import dev.warren.store.Sessions;
import dev.warren.store.Traffic;
import dev.warren.store.Users;
import dev.warren.store.WarrenStore;
import dev.warren.store.WebSessions;
import java.nio.file.Path;
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
    private final AccessRequests accessRequests;
    private final Traffic traffic;
    private final PublishedPorts publishedPorts;
    private final WebSessions webSessions;
    private final Db db;
    private final boolean embedded;

    JdbiWarrenStore(HikariDataSource pool, Db db, String description, boolean embedded) {
        this.pool = pool;
        this.embedded = embedded;
        this.db = db;
        this.description = description;
        this.devices = new JdbiDevices(db);
        this.enrollTokens = new JdbiEnrollTokens(db);
        this.users = new JdbiUsers(db);
        this.sessions = new JdbiSessions(db);
        this.audit = new JdbiAuditLog(db);
        this.grants = new JdbiGrants(db);
        this.accessRequests = new JdbiAccessRequests(db);
        this.traffic = new JdbiTraffic(db);
        this.publishedPorts = new JdbiPublishedPorts(db);
        this.webSessions = new JdbiWebSessions(db);
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
    public AccessRequests accessRequests() {
        return accessRequests;
    }

    @Override
    public Traffic traffic() {
        return traffic;
    }

    @Override
    public PublishedPorts publishedPorts() {
        return publishedPorts;
    }

    @Override
    public WebSessions webSessions() {
        return webSessions;
    }

    @Override
    public void backupTo(Path zip) {
        if (!embedded) {
            throw new UnsupportedOperationException("online backup is for the embedded store; back up PostgreSQL with"
                    + " pg_dump (docs/OPERATIONS.md)");
        }
        String target = zip.toAbsolutePath().toString();
        if (target.contains("'")) {
            throw new IllegalArgumentException("backup file: '" + zip + "' (expected: a path without a quote)");
        }
        // BACKUP TO copies the database file while the store keeps running: a consistent snapshot, online
        db.call("backup", h -> h.execute("BACKUP TO '" + target + "'"));
    }

    @Override
    public boolean ping() {
        try {
            return db.call("ping", h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
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
