package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every database must show, run once per database by a subclass. The test methods
 * live in one contract interface per repository; this class opens one store per test class, and
 * tests keep out of each other's way with unique names rather than by emptying tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest
        implements DevicesContract, EnrollTokensContract, UsersContract, SessionsContract, AuditContract,
        GrantsContract, AccessRequestsContract, TransactionContract, TrafficContract, PublishedPortsContract,
        WebSessionsContract {

    private WarrenStore store;

    /** A config for a fresh, empty database of this kind. */
    protected abstract StoreConfig config();

    /** Removes what {@link #config()} set up. */
    protected abstract void dropDatabase() throws Exception;

    @BeforeAll
    void openStore() {
        store = Stores.open(config());
    }

    @AfterAll
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    @Override
    public WarrenStore store() {
        return store;
    }

    @Test
    void reopeningKeepsDataAndAppliesNoMigrationTwice() {
        Device device = store.devices().create(unique("reopen"), Map.of("k", "v"), FINGERPRINT, IN_A_YEAR);
        try (WarrenStore second = Stores.open(config())) {
            assertThat(second.devices().byId(device.id())).contains(device);
        }
        assertThat(store.devices().byId(device.id())).contains(device);
    }

    /** Each index costs every stream's session row a B-tree insert: only those that a query of Sessions uses (V8). */
    @Test
    void sessionsCarryTheIndexesOfTheirQueriesAndNoOther() throws Exception {
        StoreConfig cfg = config();
        Set<String> indexes = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(cfg.jdbcUrl(), cfg.user(), cfg.password().reveal());
                ResultSet rs = c.getMetaData().getIndexInfo(null, c.getSchema(), "sessions", false, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null) {
                    indexes.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(indexes).filteredOn(name -> !name.startsWith("primary_key") && !name.equals("sessions_pk"))
                .containsExactlyInAnyOrder("sessions_device_started_idx", "sessions_operator_started_idx",
                        "sessions_started_idx", "sessions_node_ended_idx");
    }

    @Test
    void describeNamesTheDatabaseWithoutCredentialsOrOptions() {
        assertThat(store.describe())
                .doesNotContain("jdbc:")
                .doesNotContain("password")
                .doesNotContain("?")
                .doesNotContain(";");
    }

    @Test
    void closeTwiceIsHarmless() {
        WarrenStore second = Stores.open(config());
        second.close();
        second.close();
        assertThat(store.users().list()).isNotNull();
    }
}
