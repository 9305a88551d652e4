package dev.warren.store.internal;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.statement.Query;

/**
 * Builds a WHERE clause from optional filters. Only constant SQL fragments are joined; every value
 * is bound as a parameter.
 */
final class Where {
    private final List<String> conditions = new ArrayList<>();
    private final List<Binding> bindings = new ArrayList<>();

    private record Binding(String name, Object value, Class<?> type) {}

    /** Adds {@code condition} (which uses {@code :name}) when {@code value} is not null. */
    Where andIf(Object value, String condition, String name, Class<?> type) {
        if (value != null) {
            conditions.add(condition);
            bindings.add(new Binding(name, value, type));
        }
        return this;
    }

    /** Adds a condition without parameters when {@code enabled}. */
    Where andIf(boolean enabled, String condition) {
        if (enabled) {
            conditions.add(condition);
        }
        return this;
    }

    /** A parameter that a condition added before uses besides its own. */
    Where bind(String name, Object value, Class<?> type) {
        bindings.add(new Binding(name, value, type));
        return this;
    }

    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Query bind(Query query) {
        for (Binding b : bindings) {
            query.bindByType(b.name(), b.value(), b.type());
        }
        return query;
    }
}
