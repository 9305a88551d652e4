package dev.warren.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Instants in and out of {@code TIMESTAMP WITH TIME ZONE} as {@link OffsetDateTime} in UTC: both
 * drivers map that type exactly, whatever the JVM's or the session's time zone.
 */
final class Rows {
    private Rows() {}

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Sets parameter {@code index} to {@code value} as {@link InstantArguments} binds it (plain JDBC). */
    static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    /** Binds {@link Instant} for JDBI as {@link #setInstant} does for plain JDBC (nulls: the factory's SQL type). */
    static final class InstantArguments extends AbstractArgumentFactory<Instant> {
        InstantArguments() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) -> setInstant(statement, position, value);
        }
    }
}
