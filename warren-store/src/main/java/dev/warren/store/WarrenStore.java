package dev.warren.store;

/**
 * The relay's persistent state. Open one with {@link Stores#open}; close it on shutdown. All calls
 * are synchronous JDBC; the implementation is thread-safe, and callers choose the thread (not a
 * Netty event loop).
 */
public interface WarrenStore extends AutoCloseable {
    Devices devices();

    EnrollTokens enrollTokens();

    Users users();

    Sessions sessions();

    AuditLog audit();

    Grants grants();

    AccessRequests accessRequests();

    /** Traffic history per device and service (V5). */
    Traffic traffic();

    /** Device services published on relay ports (V5). */
    PublishedPorts publishedPorts();

    /** The web dashboard's sign-in sessions (V7). */
    WebSessions webSessions();

    /**
     * Writes a consistent copy of the embedded database to {@code zip} while the store keeps running (H2's
     * {@code BACKUP TO}).
     *
     * @throws UnsupportedOperationException on PostgreSQL, whose tool for this is pg_dump
     */
    void backupTo(java.nio.file.Path zip);

    /** Whether the database answers a trivial query now (readiness). */
    boolean ping();

    /**
     * Runs {@code writes} (calls on this store, on this thread) as one transaction: all of them or none. Many small
     * writes (session rows, audit events) share one commit this way; see {@link WriteBehind}. A write that fails
     * rolls all of them back and throws.
     */
    void inOneTransaction(Runnable writes);

    /**
     * Where the data lives, e.g. {@code h2:/var/lib/warren/store/warren} or
     * {@code postgresql://db:5432/warren}; never a password or URL options.
     */
    String describe();

    /** Closes the connection pool; an embedded database is closed with it. */
    @Override
    void close();
}
