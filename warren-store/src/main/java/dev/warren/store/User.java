package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/** An operator, admin or auditor of the relay. */
public record User(String id, String name, Role role, boolean disabled, Instant createdAt) {
    public User {
        Checks.text("id", id, Checks.ID);
        Checks.text("name", name, Checks.NAME);
        Checks.notNull("role", role);
        createdAt = Checks.instant("createdAt", createdAt);
    }
}
