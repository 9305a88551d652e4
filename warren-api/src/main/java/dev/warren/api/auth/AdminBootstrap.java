package dev.warren.api.auth;

import dev.warren.store.AuditEvent;
import dev.warren.store.Role;
import dev.warren.store.User;
import dev.warren.store.WarrenStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The first admin of a new relay. */
public final class AdminBootstrap {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    public static final String ADMIN_NAME = "admin";

    private AdminBootstrap() {}

    /**
     * BLOCKING. If no user has role ADMIN (enabled or not), creates the user {@value #ADMIN_NAME} (ADMIN) with one
     * API token that never expires and returns that token, for the caller to show once; otherwise empty.
     *
     * @throws IllegalStateException if there is no admin and the name {@value #ADMIN_NAME} belongs to another role
     */
    public static Optional<String> ensureAdmin(WarrenStore store, Clock clock) {
        return ensureAdmin(store, clock, event -> store.audit().append(event));
    }

    /** Like {@link #ensureAdmin(WarrenStore, Clock)}, recording the creation through {@code audit}. */
    public static Optional<String> ensureAdmin(WarrenStore store, Clock clock, Consumer<AuditEvent> audit) {
        if (store.users().list().stream().anyMatch(u -> u.role() == Role.ADMIN)) {
            return Optional.empty();
        }
        Optional<User> taken = store.users().byName(ADMIN_NAME);
        if (taken.isPresent()) {
            throw new IllegalStateException("no user has role ADMIN, and the name '" + ADMIN_NAME
                    + "' is taken by a user with role " + taken.get().role()
                    + " (expected: rename that user, or give it role ADMIN)");
        }
        User admin = store.users().create(ADMIN_NAME, Role.ADMIN);
        ApiTokens.Issued token = ApiTokens.issue();
        store.users().addToken(admin.id(), token.id(), token.secretHash(), null);
        audit.accept(AuditEvent.of(clock.instant(), "system", "user.create", admin.id(), null, "ok",
                Map.of("role", Role.ADMIN.name(), "tokenId", token.id(), "reason", "no admin existed"), null,
                ADMIN_NAME));
        log.info("created user '{}' (ADMIN) with API token {} (the token is shown once)", ADMIN_NAME, token.id());
        return Optional.of(token.token());
    }
}
