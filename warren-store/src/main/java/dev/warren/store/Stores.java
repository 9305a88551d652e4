package dev.warren.store;

import dev.warren.store.internal.Checks;
import dev.warren.store.internal.StoreOpener;

/** Opens a {@link WarrenStore}. */
public final class Stores {
    private Stores() {}

    /**
     * Connects, brings the schema up to date (Flyway) and returns the store.
     *
     * @throws StoreException if the database cannot be reached or migrated
     */
    public static WarrenStore open(StoreConfig cfg) {
        return StoreOpener.open(Checks.notNull("cfg", cfg));
    }
}
