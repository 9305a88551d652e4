package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The contract on PostgreSQL (the local server, or an embedded one where none answers; see
 * {@link PostgresFixture}), in a schema of its own that is dropped afterwards.
 */
class PostgresStoreTest extends StoreContractTest {
    private static final String PASSWORD = "s3cret-never-printed";
    private final PostgresFixture pg = PostgresFixture.get();
    private String schema;

    @Override
    protected StoreConfig config() {
        if (schema == null) {
            schema = pg.createSchema();
        }
        // trust auth ignores the password; it is here to prove it is never printed
        return StoreConfig.postgres(pg.jdbcUrl(schema), pg.user(), PASSWORD);
    }

    @Override
    protected void dropDatabase() {
        if (schema != null) {
            pg.dropSchema(schema);
        }
    }

    @Test
    void anOnlineBackupIsRefusedWithThePointerToPgDump() {
        assertThatThrownBy(() -> store().backupTo(java.nio.file.Path.of("/tmp/never.zip")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("pg_dump");
        assertThat(store().ping()).isTrue();
    }

    @Test
    void tablesLiveInTheTestsOwnSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(schema), pg.user(), "");
                ResultSet rs = c.getMetaData().getTables(null, schema, "devices", null)) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void describeAndToStringNeverShowThePassword() {
        assertThat(store().describe()).startsWith("postgresql://").doesNotContain(PASSWORD).doesNotContain("currentSchema");
        assertThat(config().toString()).doesNotContain(PASSWORD).contains("password=****");
        assertThat(store().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void anUnreachableServerFailsWithTheOperationAndNoPassword() {
        StoreConfig nowhere = StoreConfig.postgres("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "warren",
                PASSWORD);
        assertThatThrownBy(() -> Stores.open(nowhere))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("open postgresql://127.0.0.1:1/none failed: ")
                .hasMessageNotContaining(PASSWORD);
    }
}
