package dev.warren.store.internal;

import dev.warren.store.DuplicateNameException;
import dev.warren.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The repositories' access to the database: runs a callback on a pooled handle and turns failures
 * into {@link StoreException}s that name the operation. JDBI renders statements without their
 * bound values (see {@link StoreOpener}), so no hash or address leaks into a message.
 */
final class Db {
    /** SQLSTATE for a unique or primary key violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;
    private final Clock clock;

    Db(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Now, to the microsecond the databases keep. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    <T> T call(String operation, HandleCallback<T, RuntimeException> work) {
        return insert(operation, null, work);
    }

    /** Like {@link #call}, mapping a unique violation to a {@link DuplicateNameException} with that message. */
    <T> T insert(String operation, Supplier<String> duplicate, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            SQLException sql = sqlCause(e);
            if (duplicate != null && sql != null && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw new DuplicateNameException(duplicate.get());
            }
            throw failed(operation, e, sql);
        }
    }

    /** Plain JDBC on the handle's connection (the transaction's, inside one). */
    @FunctionalInterface
    interface JdbcWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Like {@link #insert}, for the writes every relayed stream makes: a statement of JDBC's own, without JDBI's
     * statement machinery (context, argument factories, result mapping), which cost the audit writer more than H2's
     * insert itself in a burst of new streams (docs/BENCHMARKS.md).
     */
    <T> T jdbc(String operation, Supplier<String> duplicate, JdbcWork<T> work) {
        return insert(operation, duplicate, h -> {
            try {
                return work.run(h.getConnection());
            } catch (SQLException e) {
                if (duplicate != null && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new DuplicateNameException(duplicate.get());
                }
                throw failed(operation, e, e);
            }
        });
    }

    <T> T inTransaction(String operation, HandleCallback<T, RuntimeException> work) {
        return call(operation, h -> h.inTransaction(work));
    }

    static StoreException failed(String operation, Throwable e, SQLException sql) {
        String why = sql != null
                ? "SQLSTATE " + sql.getSQLState() + ": " + firstLine(sql.getMessage())
                : firstLine(e.getMessage());
        return new StoreException(operation + " failed: " + why, e);
    }

    static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
