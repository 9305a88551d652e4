package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * An operator, admin or auditor of the relay.
 *
 * @param passwordChangedAt when the user's dashboard password was last set; {@code null}: the user has none (the
 *                          hash itself is read only by {@link Users#passwordHash}, for the one check that needs it)
 */
public record User(String id, String name, Role role, boolean disabled, Instant createdAt, Instant passwordChangedAt) {
    public User {
        Checks.text("id", id, Checks.ID);
        Checks.text("name", name, Checks.NAME);
        Checks.notNull("role", role);
        createdAt = Checks.instant("createdAt", createdAt);
        passwordChangedAt = Checks.optionalInstant(passwordChangedAt);
    }

    /** Whether the user can sign in to the dashboard with a password. */
    public boolean hasPassword() {
        return passwordChangedAt != null;
    }
}
