package dev.warren.it;

import dev.warren.store.PostgresFixture;
import dev.warren.store.StoreConfig;
import dev.warren.testing.RelayExtension;

/** The relay a scenario suite ({@link RelayScenarios}) runs once per database on. */
final class ScenarioRelays {
    private ScenarioRelays() {}

    /** On the embedded store. */
    static RelayExtension onH2() {
        return new RelayExtension();
    }

    /** On PostgreSQL, in a schema of its own that is dropped after the class. */
    static RelayExtension onPostgres() {
        PostgresFixture pg = PostgresFixture.get();
        String schema = pg.createSchema();
        return new RelayExtension(c -> c.withStore(StoreConfig.postgres(pg.jdbcUrl(schema), pg.user(), "")))
                .afterStop(() -> pg.dropSchema(schema));
    }
}
