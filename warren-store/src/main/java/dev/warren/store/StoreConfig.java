package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * Where the store lives: an embedded H2 file ({@link #embedded}) or a PostgreSQL server
 * ({@link #postgres}). The password never appears in {@link #toString()}; it may not be put in the
 * URL either, so that a printed URL is always safe.
 *
 * @param jdbcUrl     {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param user        database user
 * @param password    database password (may be empty)
 * @param maxPoolSize connections in the pool, 1..{@value #MAX_POOL}
 */
public record StoreConfig(String jdbcUrl, String user, Secret password, int maxPoolSize) {
    public static final int MAX_POOL = 200;
    /** Pool size of {@link #embedded}: H2 serves a handful of connections well. */
    public static final int EMBEDDED_POOL = 8;
    /** Pool size of {@link #postgres}. */
    public static final int POSTGRES_POOL = 10;

    static final String H2_PREFIX = "jdbc:h2:";
    static final String POSTGRES_PREFIX = "jdbc:postgresql:";
    private static final String H2_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    public StoreConfig {
        if (jdbcUrl != null && jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
            // checked first and not echoed: this URL carries a password
            throw new IllegalArgumentException("jdbcUrl: **** (expected: no password in the URL; pass it as password)");
        }
        Checks.text("jdbcUrl", jdbcUrl, 4096);
        if (!jdbcUrl.startsWith(H2_PREFIX) && !jdbcUrl.startsWith(POSTGRES_PREFIX)) {
            throw new IllegalArgumentException("jdbcUrl: '" + jdbcUrl + "' (expected: " + H2_PREFIX + "... or "
                    + POSTGRES_PREFIX + "...)");
        }
        Checks.text("user", user, Checks.NAME);
        Checks.notNull("password", password);
        if (maxPoolSize < 1 || maxPoolSize > MAX_POOL) {
            throw new IllegalArgumentException("maxPoolSize: " + maxPoolSize + " (expected: 1.." + MAX_POOL + ")");
        }
    }

    /**
     * The embedded database: an H2 file at {@code dataDir/store/warren}. Creates {@code dataDir} and
     * {@code dataDir/store} if missing and makes {@code store} owner-only (rwx------) where the file
     * system is POSIX, so the database files inside are unreadable by others.
     */
    public static StoreConfig embedded(Path dataDir) {
        Checks.notNull("dataDir", dataDir);
        Path store = dataDir.toAbsolutePath().normalize().resolve("store");
        String path = store.resolve("warren").toString();
        if (path.contains(";")) {
            throw new IllegalArgumentException("dataDir: '" + dataDir + "' (expected: a path without ';')");
        }
        createOwnerOnly(store);
        return new StoreConfig(H2_PREFIX + "file:" + path + H2_OPTIONS, "warren", new Secret(""), EMBEDDED_POOL);
    }

    /** A PostgreSQL server, e.g. {@code jdbc:postgresql://db:5432/warren}. */
    public static StoreConfig postgres(String jdbcUrl, String user, String password) {
        StoreConfig cfg = new StoreConfig(jdbcUrl, user, new Secret(password == null ? "" : password), POSTGRES_POOL);
        if (cfg.isEmbedded()) {
            throw new IllegalArgumentException("jdbcUrl: '" + jdbcUrl + "' (expected: " + POSTGRES_PREFIX + "...)");
        }
        return cfg;
    }

    /** The same database with another pool size. */
    public StoreConfig withMaxPoolSize(int size) {
        return new StoreConfig(jdbcUrl, user, password, size);
    }

    public boolean isEmbedded() {
        return jdbcUrl.startsWith(H2_PREFIX);
    }

    @Override
    public String toString() {
        return "StoreConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****, maxPoolSize=" + maxPoolSize
                + "]";
    }

    private static void createOwnerOnly(Path dir) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // also tightens a directory that already existed, or was created under a wide umask
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new StoreException("cannot create store directory " + dir + ": " + e, e);
        }
    }
}
