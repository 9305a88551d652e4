package dev.warren.cli;

import dev.warren.pki.IssuedEntry;
import dev.warren.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren pki list}: what the directory's CA issued. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List issued certificates: name, SANs, expiry, serial.")
final class PkiListCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory made by 'warren pki init'.")
    Path dir;

    @Override
    public Integer call() {
        PkiDirectory pki = PkiDirectory.open(dir);
        Table table = new Table("NAME", "CN", "USAGE", "SANS", "EXPIRES", "DAYS LEFT", "SERIAL");
        Instant now = Instant.now();
        for (IssuedEntry e : pki.list()) {
            long left = Duration.between(now, e.notAfter()).toDays();
            table.row(e.name(), e.commonName(), e.usage().toString().toLowerCase(java.util.Locale.ROOT),
                    e.subjectAlternativeNames().isEmpty() ? "-" : e.subjectAlternativeNames(), e.notAfter(),
                    e.notAfter().isBefore(now) ? "expired" : String.valueOf(left), e.serial());
        }
        table.print(System.out);
        return ExitCodes.OK;
    }
}
