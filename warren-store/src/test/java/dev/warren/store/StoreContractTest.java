package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
