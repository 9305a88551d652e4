package dev.warren.relay.backup;

import dev.warren.common.text.DurationText;
import dev.warren.store.WarrenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's own backups: every {@code every}, a backup of the running relay into {@code dir} named
 * {@code warren-backup-<UTC time>.wbk}, then the oldest of those beyond {@code keep} are deleted (only files with that
 * name pattern: nothing else in the directory is touched). A failed backup is logged and reported, and the next one
 * is tried on time.
 */
public final class BackupSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);
    static final Pattern NAME = Pattern.compile("warren-backup-\\d{8}T\\d{9}Z\\.wbk");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Told of each outcome (metrics, audit): the file made, or the failure. */
    public interface Listener {
        void made(RelayBackup.Made made);

        void failed(String why);
    }

    private final Path dataDir;
    private final WarrenStore store;
    private final String nodeId;
    private final Path dir;
    private final int keep;
    private final Path passphraseFile;
    private final Clock clock;
    private final Listener listener;
    private final ScheduledExecutorService timer;

    public BackupSchedule(Path dataDir, WarrenStore store, String nodeId, Duration every, int keep, Path dir,
            Path passphraseFile, Clock clock, Listener listener) throws IOException {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.store = store;
        this.nodeId = nodeId;
        this.dir = OwnerOnly.createDirectories(dir.toAbsolutePath().normalize());
        this.keep = keep;
        this.passphraseFile = passphraseFile;
        this.clock = clock;
        this.listener = listener;
        if (passphraseFile != null) {
            passphrase(); // a missing or short passphrase stops the relay at start, not at the first backup
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("relay-backup").daemon()
                .factory());
        timer.scheduleAtFixedRate(this::runOnce, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("backups every {} into {}, keeping {}{}", DurationText.format(every), this.dir, keep,
                passphraseFile == null ? "" : ", encrypted");
    }

    /** Takes one backup now and prunes; returns it (also what the timer runs). */
    public RelayBackup.Made runOnce() {
        Path snapshot = dataDir.resolve(".backup-" + UUID.randomUUID() + ".zip");
        try {
            store.backupTo(snapshot);
            Path file = dir.resolve("warren-backup-" + STAMP.format(clock.instant()) + ".wbk");
            RelayBackup.Made made = RelayBackup.write(dataDir, snapshot, file, passphrase(), nodeId, clock.instant(),
                    true);
            int pruned = prune();
            log.info("backup written: {} ({} bytes{}); {} old backup(s) deleted", made.file(), made.bytes(),
                    made.encrypted() ? ", encrypted" : "", pruned);
            listener.made(made);
            return made;
        } catch (IOException | RuntimeException e) {
            log.error("scheduled backup failed: {}", e.toString());
            listener.failed(e.getMessage());
            return null;
        } finally {
            try {
                Files.deleteIfExists(snapshot);
            } catch (IOException e) {
                log.warn("could not delete {}: {}", snapshot, e.toString());
            }
        }
    }

    private char[] passphrase() throws IOException {
        return passphraseFile == null ? null : Passphrases.read(passphraseFile);
    }

    private int prune() throws IOException {
        List<Path> backups;
        try (Stream<Path> files = Files.list(dir)) {
            backups = files.filter(f -> NAME.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        }
        int deleted = 0;
        for (Path old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
            Files.deleteIfExists(old);
            deleted++;
        }
        return deleted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
