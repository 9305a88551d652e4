package dev.warren.cli;

import dev.warren.common.net.HostPort;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.relay.OperationsConfig;
import dev.warren.relay.RelayConfig;
import dev.warren.relay.RelayServer;
import dev.warren.store.Secret;
import dev.warren.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren relay}: the rendezvous of agents and operators. */
@Command(name = "relay", mixinStandardHelpOptions = true,
        subcommands = {RelayBackupCommand.class, RelayRestoreCommand.class},
        description = {"Run the relay: one TLS port for agents, operators and the REST API.",
            "On first start it creates its CA, server certificate and admin token under --data and prints the admin token."})
final class RelayCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "relay-data", description = "State directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:7443", converter = HostPorts.class,
            description = "Address of the TLS port (default: ${DEFAULT-VALUE}).")
    HostPort listen;

    @Option(names = "--server-name", paramLabel = "NAME", description = "A DNS name or address agents use to reach the relay; goes into the server certificate (repeatable).")
    List<String> serverNames = List.of();

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "PostgreSQL instead of the embedded store, e.g. jdbc:postgresql://db:5432/warren.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "warren", description = "PostgreSQL user (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "File holding the PostgreSQL password (or set WARREN_DB_PASSWORD).")
    Path dbPasswordFile;

    @Option(names = "--keepalive", paramLabel = "DURATION", defaultValue = "5s", converter = Durations.class,
            description = "Ping a silent peer after this long; drop it after three times as long (default: ${DEFAULT-VALUE}).")
    Duration keepalive;

    @Option(names = "--device-cert-validity", paramLabel = "DURATION", defaultValue = "30d", converter = Durations.class,
            description = "Lifetime of device certificates issued at enrollment (default: ${DEFAULT-VALUE}).")
    Duration deviceCertValidity;

    private static final Duration MIN_DEVICE_CERT_VALIDITY = Duration.ofMinutes(10);

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event loop threads (default: 0 = one per core).")
    int ioThreads;

    @Option(names = "--node-id", paramLabel = "ID", description = "This relay's name in a cluster (default: generated once, kept in DATA/node.id).")
    String nodeId;

    @Option(names = "--traffic-retention", paramLabel = "DURATION", defaultValue = "90d", converter = Durations.class,
            description = "How long traffic history is kept (default: ${DEFAULT-VALUE}); older than a day it is hourly.")
    Duration trafficRetention;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT", converter = HostPorts.class,
            description = "Serve /metrics (Prometheus), /healthz and /readyz over plain HTTP here, e.g. 127.0.0.1:9464 (default: off). Off loopback it needs --metrics-token-file.")
    HostPort metricsListen;

    @Option(names = "--metrics-token-file", paramLabel = "FILE",
            description = "File holding the bearer token /metrics requires (at least 16 characters).")
    Path metricsTokenFile;

    @Option(names = "--dashboard-listen", paramLabel = "HOST:PORT", converter = HostPorts.class,
            description = "Also serve the web dashboard over plain HTTP here, on a loopback address only, e.g. 127.0.0.1:8080 (default: off; the dashboard is always on the TLS port under /ui/). Any other address is refused.")
    HostPort dashboardListen;

    @Option(names = "--backup-every", paramLabel = "DURATION", converter = Durations.class,
            description = "Back the relay up on this schedule, e.g. 6h (default: off); needs --backup-dir.")
    Duration backupEvery;

    @Option(names = "--backup-keep", paramLabel = "N", defaultValue = "28",
            description = "Scheduled backups to keep; older ones are deleted (default: ${DEFAULT-VALUE}).")
    int backupKeep;

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "Where scheduled backups go (owner-only).")
    Path backupDir;

    @Option(names = "--backup-passphrase-file", paramLabel = "FILE",
            description = "Encrypt scheduled backups with the passphrase on this file's first line.")
    Path backupPassphraseFile;

    @Option(names = "--publish-range", paramLabel = "FIRST-LAST",
            description = "Turn published ports on: admins may publish device services on these relay ports (default: off).")
    String publishRange;

    @Option(names = "--publish-bind", paramLabel = "ADDRESS",
            description = "The address published ports listen on, e.g. an internal interface's 10.0.0.1.")
    String publishBind;

    @Option(names = "--publish-allow", paramLabel = "CIDR", split = ",",
            description = "Source networks that may connect to published ports (required with --publish-range; repeatable).")
    List<String> publishAllow;

    @Override
    public Integer call() throws Exception {
        if (deviceCertValidity.compareTo(MIN_DEVICE_CERT_VALIDITY) < 0) {
            // RelayConfig refuses it too, in its own terms (a field name, an ISO-8601 duration): say it in the flag's
            throw new IllegalArgumentException("--device-cert-validity: less than 10m (expected: at least 10m, e.g. 30d)");
        }
        RelayConfig config = new RelayConfig(data, listen, serverNames, store(), nodeId,
                SessionConfig.DEFAULTS.withMaxWindow(8 << 20).withKeepalive(keepalive), deviceCertValidity, null, ioThreads,
                new OperationsConfig(null, trafficRetention, metrics(), backups(), publish(), dashboardListen));
        Path adminToken = data.resolve("admin.token");
        boolean firstStart = !Files.exists(adminToken);
        RelayServer relay;
        try {
            relay = RelayServer.start(config);
        } catch (Exception e) {
            if (firstStart && Files.exists(adminToken)) {
                // the admin account was made before the part that failed (a taken port, say): the next start is not a
                // first start and prints no token, so say where this one is before the failure is said
                System.err.println("First start: the relay CA, its server certificate and the admin account were made in "
                        + data + " before the start failed; the admin token is saved in " + adminToken
                        + " (owner-only) and will not be printed again");
            }
            throw e;
        }
        relay.dashboardAddress().ifPresent(a -> System.err.println("web dashboard (plain HTTP, this machine only): http://"
                + (a.host().contains(":") ? "[" + a.host() + "]" : a.host()) + ":" + a.port() + "/ui/"));
        if (relay.initialAdminToken().isPresent()) {
            Output.secret(String.join("\n",
                    "First start: created the relay CA, its server certificate and the admin account in " + data + ".",
                    "  CA fingerprint: " + relay.caFingerprint(),
                    "  CA pin:         " + relay.caPin(),
                    "  The admin token below is also saved in " + data.resolve("admin.token") + " (owner-only). Log in with:",
                    "  warren login --relay " + displayAddress(relay) + " --ca " + relay.caFile()
                            + " --token \"$(cat " + data.resolve("admin.token") + ")\"",
                    "admin token:"), relay.initialAdminToken().get());
        } else {
            System.err.println("relay CA fingerprint: " + relay.caFingerprint() + " (pin " + relay.caPin() + ")");
        }
        Signals.awaitShutdown(relay::close);
        return ExitCodes.OK;
    }

    private OperationsConfig.Publish publish() {
        if (publishRange == null) {
            if (publishBind != null || publishAllow != null) {
                throw new IllegalArgumentException("--publish-bind or --publish-allow without --publish-range"
                        + " (expected: all three to turn published ports on)");
            }
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})-(\\d{1,5})").matcher(publishRange);
        if (!m.matches()) {
            throw new IllegalArgumentException("--publish-range '" + publishRange + "' (expected: FIRST-LAST, e.g."
                    + " 20000-20100)");
        }
        if (publishAllow == null || publishAllow.isEmpty()) {
            throw new IllegalArgumentException("--publish-range without --publish-allow (expected: the source networks"
                    + " that may connect, e.g. --publish-allow 10.0.0.0/24; published ports are never open to everyone)");
        }
        return new OperationsConfig.Publish(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), publishBind,
                dev.warren.common.net.SourceAllowList.parse(publishAllow));
    }

    private OperationsConfig.Backups backups() {
        if (backupEvery == null) {
            if (backupDir != null || backupPassphraseFile != null) {
                throw new IllegalArgumentException("--backup-dir or --backup-passphrase-file without --backup-every"
                        + " (expected: --backup-every 6h --backup-dir DIR)");
            }
            return null;
        }
        // said in the flags' terms, and before the relay makes anything (OperationsConfig would say PT10S, BackupSchedule
        // would fail after the CA and the store exist)
        if (backupEvery.compareTo(java.time.Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("--backup-every " + Durations.format(backupEvery)
                    + " (expected: at least 1m, e.g. 6h)");
        }
        if (backupDir != null && java.nio.file.Files.exists(backupDir) && !java.nio.file.Files.isDirectory(backupDir)) {
            throw new IllegalArgumentException("--backup-dir " + backupDir + ": not a directory");
        }
        if (backupPassphraseFile != null) {
            try {
                java.util.Arrays.fill(dev.warren.relay.backup.Passphrases.read(backupPassphraseFile), '\0');
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("--backup-passphrase-file: " + e.getMessage());
            }
        }
        return new OperationsConfig.Backups(backupEvery, backupKeep, backupDir, backupPassphraseFile);
    }

    private OperationsConfig.Metrics metrics() throws java.io.IOException {
        if (metricsListen == null) {
            if (metricsTokenFile != null) {
                throw new IllegalArgumentException("--metrics-token-file without --metrics-listen (expected: both, or"
                        + " --metrics-listen alone on a loopback address)");
            }
            return null;
        }
        Secret token = metricsTokenFile == null ? null : new Secret(Files.readString(metricsTokenFile).trim());
        return new OperationsConfig.Metrics(metricsListen, token);
    }

    private StoreConfig store() throws java.io.IOException {
        if (dbUrl == null) {
            return null;
        }
        String password = System.getenv("WARREN_DB_PASSWORD");
        if (dbPasswordFile != null) {
            password = Files.readString(dbPasswordFile).trim();
        }
        return StoreConfig.postgres(dbUrl, dbUser, password == null ? "" : password);
    }

    private static String displayAddress(RelayServer relay) {
        HostPort a = relay.address();
        String host = a.host().equals("0.0.0.0") || a.host().equals("::") ? "127.0.0.1" : a.host();
        return new HostPort(host, a.port()).toString();
    }
}
