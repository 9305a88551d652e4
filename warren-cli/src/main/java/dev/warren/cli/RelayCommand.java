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

    @Override
    public Integer call() throws Exception {
        RelayConfig config = new RelayConfig(data, listen, serverNames, store(), nodeId,
                SessionConfig.DEFAULTS.withMaxWindow(8 << 20).withKeepalive(keepalive), deviceCertValidity, null, ioThreads,
                new OperationsConfig(null, trafficRetention, metrics(), null, null));
        RelayServer relay = RelayServer.start(config);
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
