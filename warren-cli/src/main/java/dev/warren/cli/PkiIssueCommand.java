package dev.warren.cli;

import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.PkiDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren pki issue}: a key and certificate signed by the directory's CA. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue a key and certificate: DIR/NAME.key (owner-only) and DIR/NAME.crt, beside DIR/ca.crt.",
            "The CN is NAME; with no --dns/--ip/--uri, a NAME that is a DNS name is also the DNS SAN.",
            "Neither --client nor --server: both usages (a double-proxy node is often both)."})
final class PkiIssueCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory made by 'warren pki init'.")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "File name and CN, e.g. node1.")
    String name;

    @Option(names = "--dns", paramLabel = "NAME", description = "DNS SAN (repeatable; *.example.com allowed).")
    List<String> dns = List.of();

    @Option(names = "--ip", paramLabel = "ADDRESS", description = "IP SAN (repeatable).")
    List<String> ip = List.of();

    @Option(names = "--uri", paramLabel = "URI", description = "URI SAN, e.g. spiffe://plant/node1 (repeatable).")
    List<String> uri = List.of();

    @Option(names = "--client", description = "Client certificate (EKU clientAuth).")
    boolean client;

    @Option(names = "--server", description = "Server certificate (EKU serverAuth).")
    boolean server;

    @Option(names = "--days", paramLabel = "N", defaultValue = "90", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec", converter = KeyTypes.class,
            description = "ec (P-256, default), ed25519 or rsa (3072 bits).")
    KeyAlgorithm keyType;

    @Option(names = "--combined", description = "Also write DIR/NAME.pem: certificate then key (owner-only), as HAProxy's 'crt' wants.")
    boolean combined;

    @Override
    public Integer call() {
        if (days < 1) {
            throw new IllegalArgumentException("--days: " + days + " (expected: >= 1)");
        }
        CertificateProfile.Usage usage = client == server ? CertificateProfile.Usage.SERVER_AND_CLIENT
                : client ? CertificateProfile.Usage.CLIENT : CertificateProfile.Usage.SERVER;
        PkiDirectory pki = PkiDirectory.open(dir);
        IssuedCertificate issued = pki.issue(name, dns, ip, uri, usage, Duration.ofDays(days), keyType, combined);
        Output.err().println("issued " + name + ": serial " + issued.certificate().getSerialNumber().toString(16)
                + ", valid until " + issued.certificate().getNotAfter().toInstant()
                + (combined ? ", combined " + pki.combinedFile(name) : ""));
        System.out.println(pki.certificateFile(name));
        return ExitCodes.OK;
    }
}
