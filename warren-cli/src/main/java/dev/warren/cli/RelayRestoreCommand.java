package dev.warren.cli;

import dev.warren.common.text.IoErrors;
import dev.warren.relay.backup.Passphrases;
import dev.warren.relay.backup.RelayBackup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren relay restore}: a backup back into a data directory, for a relay to start from. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup made by `warren relay backup` (or a scheduled one) into a relay's data directory.",
            "The relay must be stopped. Everything is checked before anything is written."})
final class RelayRestoreCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "FILE", required = true, description = "The backup file.")
    Path from;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "relay-data", description = "The data directory to restore into (default: ${DEFAULT-VALUE}); must be empty or new unless --force.")
    Path data;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "The passphrase of an encrypted backup, on the file's first line.")
    Path passphraseFile;

    @Option(names = "--force", description = "Restore into a non-empty directory: what is there is moved aside into DIR/pre-restore-<time>/, not deleted.")
    boolean force;

    @Override
    public Integer call() {
        char[] passphrase = null;
        try {
            passphrase = passphrase();
            RelayBackup.Restored r = RelayBackup.restore(from, data, passphrase, force, Clock.systemUTC(),
                    System.err::println);
            System.err.println("restored " + from + " (taken " + r.createdAt() + " on node " + r.node() + ") into "
                    + data + "; start the relay with --data " + data);
            return ExitCodes.OK;
        } catch (RelayBackup.RestoreRefused e) {
            throw new CommandFailure(ExitCodes.USAGE, "restore refused: " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "restore failed: " + IoErrors.describe(e));
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** The --passphrase-file's passphrase; a file that is missing or too short is the command line's mistake (2). */
    private char[] passphrase() {
        try {
            return passphraseFile == null ? null : Passphrases.read(passphraseFile);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--passphrase-file: " + e.getMessage());
        }
    }
}
