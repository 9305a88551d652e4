package dev.warren.api;

import dev.warren.store.StoreConfig;
import dev.warren.store.Stores;
import dev.warren.store.WarrenStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One real embedded store per test class, in a temporary directory: for tests of classes that read and write it. */
public abstract class EmbeddedStoreTest {
    @TempDir
    protected static Path dataDir;
    protected static WarrenStore store;

    @BeforeAll
    static void openStore() {
        store = Stores.open(StoreConfig.embedded(dataDir));
    }

    @AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
        }
    }
}
