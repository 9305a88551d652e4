package dev.warren.relay;

import dev.warren.common.net.HostPort;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a relay runs.
 *
 * @param dataDir CA, server certificate, admin token, embedded store and node id live here
 * @param listen the one TLS port for agents, operators and the API
 * @param serverNames extra DNS names or addresses for the server certificate (the listen host, localhost and the
 *     machine's host name are always in it)
 * @param store the database; {@code null} for the embedded one under {@code dataDir}
 * @param nodeId this relay's name in a cluster; {@code null} to use (and keep) a generated one
 * @param session protocol settings: keep-alive, windows, stream limits
 * @param deviceCertValidity how long device certificates issued at enrollment last
 * @param openTimeout how long an operator's open waits for the agent's answer
 * @param ioThreads event loop threads (0: one per core)
 * @param operations traffic history, metrics, scheduled backups, published ports ({@code null}: the defaults)
 */
public record RelayConfig(
        Path dataDir,
        HostPort listen,
        List<String> serverNames,
        StoreConfig store,
        String nodeId,
        SessionConfig session,
        Duration deviceCertValidity,
        Duration openTimeout,
        int ioThreads,
        OperationsConfig operations) {

    public static final int DEFAULT_PORT = 7443;

    public RelayConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir: missing (expected: a directory for the relay's state)");
        }
        if (listen == null) {
            throw new IllegalArgumentException("listen: missing (expected: host:port)");
        }
        serverNames = serverNames == null ? List.of() : List.copyOf(serverNames);
        if (session == null) {
            session = SessionConfig.DEFAULTS.withMaxWindow(8 << 20);
        }
        if (deviceCertValidity == null) {
            deviceCertValidity = Duration.ofDays(30);
        }
        if (deviceCertValidity.compareTo(Duration.ofMinutes(10)) < 0) {
            throw new IllegalArgumentException(
                    "deviceCertValidity: " + deviceCertValidity + " (expected: >= 10 minutes)");
        }
        if (openTimeout == null) {
            openTimeout = Duration.ofSeconds(15);
        }
        if (openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("openTimeout: " + openTimeout + " (expected: > 0)");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
        }
        if (operations == null) {
            operations = OperationsConfig.DEFAULTS;
        }
    }

    /** A relay on {@code listen} with everything else at its default. */
    public static RelayConfig of(Path dataDir, HostPort listen) {
        return new RelayConfig(dataDir, listen, List.of(), null, null, null, null, null, 0, null);
    }

    public RelayConfig withSession(SessionConfig s) {
        return new RelayConfig(dataDir, listen, serverNames, store, nodeId, s, deviceCertValidity, openTimeout, ioThreads, operations);
    }

    public RelayConfig withStore(StoreConfig s) {
        return new RelayConfig(dataDir, listen, serverNames, s, nodeId, session, deviceCertValidity, openTimeout, ioThreads, operations);
    }

    public RelayConfig withListen(HostPort l) {
        return new RelayConfig(dataDir, l, serverNames, store, nodeId, session, deviceCertValidity, openTimeout, ioThreads, operations);
    }

    public RelayConfig withDeviceCertValidity(Duration d) {
        return new RelayConfig(dataDir, listen, serverNames, store, nodeId, session, d, openTimeout, ioThreads, operations);
    }

    public RelayConfig withOperations(OperationsConfig o) {
        return new RelayConfig(dataDir, listen, serverNames, store, nodeId, session, deviceCertValidity, openTimeout,
                ioThreads, o);
    }

    public RelayConfig withOpenTimeout(Duration d) {
        return new RelayConfig(dataDir, listen, serverNames, store, nodeId, session, deviceCertValidity, d, ioThreads, operations);
    }
}
