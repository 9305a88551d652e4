package dev.warren.relay.backup;

import dev.warren.pki.PassphraseEncryption;
import dev.warren.store.StoreConfig;
import dev.warren.store.Stores;
import dev.warren.store.WarrenStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Backs up and restores a relay's data directory. A backup is consistent while the relay runs: the store snapshot is
 * H2's {@code BACKUP TO}, taken by the relay process itself (asked through its {@link ControlSocket}), or by this
 * process when no relay runs on the directory. A relay on PostgreSQL is backed up with pg_dump instead (its data
 * directory's CA files with a plain copy); see docs/OPERATIONS.md.
 */
public final class RelayBackup {
    /** What H2's backup ZIP may hold: the database file, nothing else is restored from it. */
    private static final Pattern STORE_FILE = Pattern.compile("warren\\.mv\\.db");
    private static final String STORE_DB = "store/warren.mv.db";

    private RelayBackup() {}

    /** What {@link #backup} did. */
    public record Made(Path file, boolean online, boolean encrypted, long bytes) {}

    /**
     * Writes a backup of {@code dataDir} to {@code to} (owner-only, replaced atomically), encrypted when
     * {@code passphrase} is not null.
     */
    public static Made backup(Path dataDir, Path to, char[] passphrase, Clock clock) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(data.resolve("ca.crt"))) {
            throw new IOException(data + " is not a relay's data directory (no ca.crt)");
        }
        Path snapshot = data.resolve(".backup-" + UUID.randomUUID() + ".zip");
        try {
            String answer = ControlSocket.request(data, "backup " + snapshot);
            boolean online = answer != null;
            if (online && !answer.startsWith("ok")) {
                throw new IOException("the relay running on " + data + " could not take the backup: "
                        + answer.replaceFirst("^error ", ""));
            }
            if (!online) {
                snapshotStopped(data, snapshot);
            }
            String node = Files.exists(data.resolve("node.id")) ? Files.readString(data.resolve("node.id")).trim()
                    : "unknown";
            return write(data, snapshot, to, passphrase, node, clock.instant(), online);
        } finally {
            Files.deleteIfExists(snapshot);
        }
    }

    /** The relay is stopped: open its store here and snapshot it. */
    private static void snapshotStopped(Path data, Path snapshot) throws IOException {
        if (!Files.isRegularFile(data.resolve(STORE_DB))) {
            throw new IOException("no embedded store in " + data + " (expected " + data.resolve(STORE_DB)
                    + "); a relay on PostgreSQL is backed up with pg_dump, see docs/OPERATIONS.md");
        }
        try (WarrenStore store = Stores.open(StoreConfig.embedded(data))) {
            store.backupTo(snapshot);
        }
    }

    /** Called by the relay itself (scheduled backups, and the control socket's {@code backup} command). */
    static Made write(Path data, Path snapshot, Path to, char[] passphrase, String node, Instant at, boolean online)
            throws IOException {
        Path target = to.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            OwnerOnly.createFile(tmp);
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                if (passphrase == null) {
                    BackupArchive.write(data, snapshot, file, node, at);
                } else {
                    Path plain = data.resolve(".backup-" + UUID.randomUUID() + ".plain");
                    try {
                        OwnerOnly.createFile(plain);
                        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(plain))) {
                            BackupArchive.write(data, snapshot, out, node, at);
                        }
                        try (InputStream in = new BufferedInputStream(Files.newInputStream(plain))) {
                            PassphraseEncryption.encrypt(in, file, passphrase);
                        }
                    } finally {
                        Files.deleteIfExists(plain);
                    }
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Made(target, online, passphrase != null, Files.size(target));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What {@link #restore} did. */
    public record Restored(Instant createdAt, String node, Path setAside) {}

    /** A restore refused for what it was asked (a non-empty directory without force, no passphrase): the caller's to fix. */
    public static final class RestoreRefused extends IOException {
        RestoreRefused(String message) {
            super(message);
        }
    }

    /**
     * Restores {@code from} into {@code dataDir}. Refuses while a relay runs on it, and a non-empty directory unless
     * {@code force}, in which case what was there is moved aside into {@code dataDir/pre-restore-<time>/} (never
     * deleted). Everything is checked (passphrase, sums) before anything in {@code dataDir} changes.
     */
    public static Restored restore(Path from, Path dataDir, char[] passphrase, boolean force, Clock clock,
            Consumer<String> say) throws IOException {
        Path data = dataDir.toAbsolutePath().normalize();
        if (ControlSocket.request(data, "ping") != null) {
            throw new IOException("a relay is running on " + data + "; stop it before restoring into its directory");
        }
        boolean encrypted;
        try (InputStream in = Files.newInputStream(from)) {
            encrypted = PassphraseEncryption.isEncrypted(in.readNBytes(PassphraseEncryption.MAGIC.length));
        }
        if (encrypted && passphrase == null) {
            throw new RestoreRefused(from + " is encrypted (expected: --passphrase-file with its passphrase)");
        }
        boolean existing = Files.isDirectory(data) && !isEmpty(data);
        if (existing && !force) {
            throw new RestoreRefused(data + " is not empty (expected: an empty or new directory, or --force to move what"
                    + " is there aside into " + data.resolve("pre-restore-<time>") + ")");
        }
        OwnerOnly.createDirectories(data);
        Path staging = data.resolve(".restore-" + UUID.randomUUID());
        OwnerOnly.createDirectories(staging);
        try {
            Map<String, String> manifest;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(from))) {
                manifest = encrypted ? readEncrypted(raw, staging, passphrase) : BackupArchive.readInto(raw, staging);
            }
            unpackStore(staging.resolve(BackupArchive.STORE), staging.resolve("store"));
            Path aside = existing ? setAside(data, staging, clock) : null;
            if (aside != null) {
                say.accept("moved what was in " + data + " aside into " + aside);
            }
            Files.move(staging.resolve("store"), data.resolve("store"));
            for (String name : BackupArchive.FILES.keySet()) {
                Path f = staging.resolve(name);
                if (Files.exists(f)) {
                    Files.move(f, data.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Restored(Instant.parse(manifest.get("createdAt")), manifest.get("node"), aside);
        } finally {
            deleteTree(staging);
        }
    }

    /** Decrypts into a staging file first: the archive is read only once its every chunk authenticated. */
    private static Map<String, String> readEncrypted(InputStream raw, Path staging, char[] passphrase)
            throws IOException {
        Path plain = staging.resolve("backup.zip");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(OwnerOnly.createFile(plain)))) {
            PassphraseEncryption.decrypt(raw, out, passphrase);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(plain))) {
            return BackupArchive.readInto(in, staging);
        } finally {
            Files.deleteIfExists(plain);
        }
    }

    private static Path setAside(Path data, Path staging, Clock clock) throws IOException {
        String stamp = clock.instant().toString().replace(":", "").replaceAll("\\.\\d+", "");
        Path aside = OwnerOnly.createDirectories(data.resolve("pre-restore-" + stamp));
        try (Stream<Path> entries = Files.list(data)) {
            for (Path p : entries.toList()) {
                if (!p.equals(staging) && !p.equals(aside) && !p.getFileName().toString().startsWith("pre-restore-")) {
                    Files.move(p, aside.resolve(p.getFileName()));
                }
            }
        }
        return aside;
    }

    private static void unpackStore(Path storeZip, Path storeDir) throws IOException {
        OwnerOnly.createDirectories(storeDir);
        boolean found = false;
        try (ZipInputStream zip = new ZipInputStream(new BufferedInputStream(Files.newInputStream(storeZip)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (!STORE_FILE.matcher(name).matches()) {
                    throw new IOException("store snapshot holds an unexpected entry '"
                            + name.replaceAll("\\p{Cntrl}", "?") + "' (expected: warren.mv.db)");
                }
                try (OutputStream out = Files.newOutputStream(OwnerOnly.createFile(storeDir.resolve(name)))) {
                    zip.transferTo(out);
                }
                found = true;
            }
        }
        if (!found) {
            throw new IOException("store snapshot is empty (expected: warren.mv.db)");
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
