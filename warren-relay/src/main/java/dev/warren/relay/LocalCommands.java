package dev.warren.relay;

import dev.warren.api.audit.Audit;
import dev.warren.api.audit.AuditWriter;
import dev.warren.relay.backup.BackupSchedule;
import dev.warren.relay.backup.ControlSocket;
import dev.warren.relay.backup.RelayBackup;
import dev.warren.relay.metrics.RelayMetrics;
import dev.warren.store.WarrenStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * What the relay answers on its {@link ControlSocket} ({@code ping}; {@code backup PATH}: an online snapshot of the
 * embedded store for {@code warren relay backup}), and where the outcomes of scheduled backups go (audit trail,
 * metrics).
 */
final class LocalCommands implements BackupSchedule.Listener {
    private static final Pattern SNAPSHOT = Pattern.compile("\\.backup-[0-9a-f-]{36}\\.zip");

    private final Path dataDir;
    private final WarrenStore store;
    private final AuditWriter audit;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final String nodeId;

    LocalCommands(Path dataDir, WarrenStore store, AuditWriter audit, RelayMetrics metrics, Clock clock, String nodeId) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.store = store;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        this.nodeId = nodeId;
    }

    /** One command line in, one answer out: {@code ok ...} or {@code error ...}. BLOCKING (the snapshot). */
    String answer(String line) {
        if (line.equals("ping")) {
            return "ok " + nodeId;
        }
        if (line.startsWith("backup ")) {
            // only a snapshot file of the shape warren relay backup picks, directly in the data directory
            Path target = Path.of(line.substring("backup ".length())).toAbsolutePath().normalize();
            if (!dataDir.equals(target.getParent()) || !SNAPSHOT.matcher(target.getFileName().toString()).matches()) {
                return "error backup snapshot must be " + dataDir + "/.backup-<uuid>.zip";
            }
            try {
                store.backupTo(target);
            } catch (UnsupportedOperationException e) {
                return "error " + e.getMessage();
            }
            audit.append(Audit.event(clock.instant(), "relay", "relay.backup").target(nodeId)
                    .detail("via", "warren relay backup").build());
            metrics.backup(true);
            return "ok";
        }
        return "error unknown command (expected: ping, backup PATH)";
    }

    @Override
    public void made(RelayBackup.Made made) {
        metrics.backup(true);
        audit.append(Audit.event(clock.instant(), "relay", "relay.backup").target(nodeId)
                .detail("file", made.file().toString()).detail("bytes", made.bytes())
                .detail("encrypted", made.encrypted()).detail("via", "schedule").build());
    }

    @Override
    public void failed(String why) {
        metrics.backup(false);
        audit.append(Audit.event(clock.instant(), "relay", "relay.backup").target(nodeId)
                .refused(why == null ? "failed" : why).detail("via", "schedule").build());
    }
}
