package dev.warren.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.store.Role;
import dev.warren.store.StoreConfig;
import dev.warren.store.Stores;
import dev.warren.store.User;
import dev.warren.store.WarrenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminBootstrapTest {

    @Test
    void createsTheAdminOnceWithAWorkingTokenThatNeverExpires(@TempDir Path dir) {
        try (WarrenStore store = Stores.open(StoreConfig.embedded(dir))) {
            Optional<String> token = AdminBootstrap.ensureAdmin(store, Clock.systemUTC());
            assertThat(token).isPresent();
            User admin = store.users().byName("admin").orElseThrow();
            assertThat(admin.role()).isEqualTo(Role.ADMIN);
            assertThat(store.users().tokensOf(admin.id())).singleElement()
                    .satisfies(t -> assertThat(t.expiresAt()).isNull());
            AuthResult result = new TokenAuthenticator(store, Clock.systemUTC()).authenticate(token.get(), "127.0.0.1");
            assertThat(result).isInstanceOf(AuthResult.Ok.class);

            assertThat(AdminBootstrap.ensureAdmin(store, Clock.systemUTC())).isEmpty();
            assertThat(store.audit().query(dev.warren.store.AuditQuery.latest(10)))
                    .anySatisfy(e -> assertThat(e.action()).isEqualTo("user.create"));
        }
    }

    @Test
    void anyAdminIsEnough(@TempDir Path dir) {
        try (WarrenStore store = Stores.open(StoreConfig.embedded(dir))) {
            store.users().create("root", Role.ADMIN);
            assertThat(AdminBootstrap.ensureAdmin(store, Clock.systemUTC())).isEmpty();
            assertThat(store.users().byName("admin")).isEmpty();
        }
    }

    @Test
    void refusesWhenTheNameIsTakenByAnotherRole(@TempDir Path dir) {
        try (WarrenStore store = Stores.open(StoreConfig.embedded(dir))) {
            store.users().create("admin", Role.OPERATOR);
            assertThatThrownBy(() -> AdminBootstrap.ensureAdmin(store, Clock.systemUTC()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the name 'admin' is taken by a user with role OPERATOR");
        }
    }
}
