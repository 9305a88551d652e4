package dev.warren.cli;

import dev.warren.pki.Fingerprints;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren pki init}: a new CA in a directory. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Make a CA: DIR/ca.crt and DIR/ca.key (owner-only). Refuses to replace an existing one.")
final class PkiInitCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory of the CA and what it issues.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "The CA's common name, e.g. \"Plant CA\".")
    String name;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec", converter = KeyTypes.class,
            description = "ec (P-256, default), ed25519 or rsa (3072 bits).")
    KeyAlgorithm keyType;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
        if (days < 1) {
            throw new IllegalArgumentException("--days: " + days + " (expected: >= 1)");
        }
        PkiDirectory pki = PkiDirectory.init(dir, name, keyType, Duration.ofDays(days));
        Output.err().println("CA " + pki.caCertificate().getSubjectX500Principal().getName() + " in " + dir
                + " (" + PkiDirectory.CA_CERTIFICATE + ", " + PkiDirectory.CA_KEY + " owner-only)");
        Output.err().println("  fingerprint: " + Fingerprints.display(pki.caCertificate()));
        System.out.println(dir.resolve(PkiDirectory.CA_CERTIFICATE));
        return ExitCodes.OK;
    }
}
