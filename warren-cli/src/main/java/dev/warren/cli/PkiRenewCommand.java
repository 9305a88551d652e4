package dev.warren.cli;

import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren pki renew}: a new key and certificate under the same name, names and usage. */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = {"Renew NAME: a new key and certificate with the same CN, SANs, usage and key type.",
            "The files are replaced atomically (key first), so a running 'warren mtls' picks them up on its own."})
final class PkiRenewCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory made by 'warren pki init'.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "The name it was issued under.")
    String name;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default: as long as the old one).")
    Integer days;

    @Override
    public Integer call() {
        if (days != null && days < 1) {
            throw new IllegalArgumentException("--days: " + days + " (expected: >= 1)");
        }
        PkiDirectory pki = PkiDirectory.open(dir);
        IssuedCertificate issued = pki.renew(name, days == null ? null : Duration.ofDays(days));
        Output.err().println("renewed " + name + ": serial " + issued.certificate().getSerialNumber().toString(16)
                + ", valid until " + issued.certificate().getNotAfter().toInstant());
        System.out.println(pki.certificateFile(name));
        return ExitCodes.OK;
    }
}
