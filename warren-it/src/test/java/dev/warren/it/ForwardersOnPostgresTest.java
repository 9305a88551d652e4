package dev.warren.it;

import dev.warren.store.PostgresFixture;
import dev.warren.store.StoreConfig;
import dev.warren.testing.RelayExtension;
import dev.warren.testing.TestRelay;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ForwarderScenarios} with the relay on PostgreSQL, in a schema of its own. */
class ForwardersOnPostgresTest extends ForwarderScenarios {
    static final PostgresFixture pg = PostgresFixture.get();
    static final String schema = pg.createSchema();

    @RegisterExtension
    static final RelayExtension relay = new RelayExtension(c -> c.withStore(
            StoreConfig.postgres(pg.jdbcUrl(schema), pg.user(), "")));

    @AfterAll
    static void dropSchema() {
        pg.dropSchema(schema);
    }

    @Override
    TestRelay relay() {
        return relay.get();
    }

    @Override
    Path newDir(String prefix) throws Exception {
        return relay.newDir(prefix);
    }
}
