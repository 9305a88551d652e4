package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The contract on the embedded H2 file database, plus what only the embedded store does. */
class H2StoreTest extends StoreContractTest {
    private Path dataDir;

    @Override
    protected StoreConfig config() {
        try {
            if (dataDir == null) {
                dataDir = Files.createTempDirectory("warren-store-h2");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return StoreConfig.embedded(dataDir);
    }

    @Override
    protected void dropDatabase() throws IOException {
        deleteTree(dataDir);
    }

    @Test
    void embeddedConfigPointsAtAnOwnerOnlyStoreDirectory() throws IOException {
        StoreConfig cfg = config();
        Path storeDir = dataDir.toAbsolutePath().resolve("store");
        assertThat(cfg.jdbcUrl()).isEqualTo("jdbc:h2:file:" + storeDir.resolve("warren")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(cfg.isEmbedded()).isTrue();
        assertThat(Files.getPosixFilePermissions(storeDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(storeDir.resolve("warren.mv.db")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(store().describe()).isEqualTo("h2:" + storeDir.resolve("warren"));
    }

    @Test
    void embeddedCreatesMissingDirectoriesAndTightensAnExistingStoreDirectory() throws IOException {
        Path root = Files.createTempDirectory("warren-store-dirs");
        try {
            Path nested = root.resolve("a/b");
            StoreConfig.embedded(nested);
            assertThat(Files.getPosixFilePermissions(nested.resolve("store")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));

            Path wide = root.resolve("wide");
            Files.createDirectories(wide.resolve("store"));
            Files.setPosixFilePermissions(wide.resolve("store"), PosixFilePermissions.fromString("rwxr-xr-x"));
            StoreConfig.embedded(wide);
            assertThat(Files.getPosixFilePermissions(wide.resolve("store")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        } finally {
            deleteTree(root);
        }
    }

    @Test
    void dataSurvivesAFullCloseOfTheDatabase() throws IOException {
        Path dir = Files.createTempDirectory("warren-store-h2-reopen");
        try {
            String id;
            try (WarrenStore s = Stores.open(StoreConfig.embedded(dir))) {
                id = s.devices().create("persisted", Map.of("a", "b"), FINGERPRINT, IN_A_YEAR).id();
            }
            // the pool is closed, so H2 closed the file; this opens it afresh
            try (WarrenStore s = Stores.open(StoreConfig.embedded(dir))) {
                assertThat(s.devices().byId(id)).hasValueSatisfying(d -> assertThat(d.labels()).containsEntry("a", "b"));
            }
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void aStoreThatCannotOpenSaysWhichAndWhy() throws IOException {
        Path dir = Files.createTempDirectory("warren-store-h2-bad");
        try {
            Files.createDirectories(dir.resolve("store/warren.mv.db")); // a directory where the file should be
            assertThatThrownBy(() -> Stores.open(StoreConfig.embedded(dir)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("open h2:" + dir.toAbsolutePath().resolve("store/warren") + " failed: ");
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void anOnlineBackupOpensAsAStoreWithTheSameData() throws IOException {
        Path dir = Files.createTempDirectory("warren-store-h2-backup");
        try {
            Device device = store().devices().create(unique("backed-up"), Map.of(), FINGERPRINT, IN_A_YEAR);
            Path zip = dir.resolve("backup.zip");
            store().backupTo(zip); // the store stays open and usable
            assertThat(store().ping()).isTrue();
            Path restored = dir.resolve("restored/store");
            Files.createDirectories(restored);
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
                for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    Files.copy(in, restored.resolve(Path.of(e.getName()).getFileName()));
                }
            }
            try (WarrenStore s = Stores.open(StoreConfig.embedded(dir.resolve("restored")))) {
                assertThat(s.devices().byId(device.id())).contains(device);
            }
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
