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

/** {@code warren relay backup}: a consistent backup of a relay's store and CA, online or stopped. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up a relay's embedded store and its CA material into one file, while it runs or not.",
            "Run it on the relay's host as the relay's user. A relay on PostgreSQL is backed up with pg_dump (docs/OPERATIONS.md)."})
final class RelayBackupCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "relay-data", description = "The relay's state directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The backup file to write (owner-only; replaced atomically).")
    Path to;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Encrypt with the passphrase on this file's first line (scrypt + AES-256-GCM; at least 12 characters).")
    Path passphraseFile;

    @Override
    public Integer call() {
        char[] passphrase = null;
        try {
            passphrase = passphrase();
            RelayBackup.Made made = RelayBackup.backup(data, to, passphrase, Clock.systemUTC());
            System.err.println("backup of " + data + " written to " + made.file() + " (" + made.bytes() + " bytes, "
                    + (made.online() ? "online, from the running relay" : "the relay was not running")
                    + (made.encrypted() ? ", encrypted" : ", NOT encrypted: it holds the CA key; keep it safe") + ")");
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "backup failed: " + IoErrors.describe(e));
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
