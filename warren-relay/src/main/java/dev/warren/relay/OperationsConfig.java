package dev.warren.relay;

import dev.warren.api.dashboard.RequestGuard;
import dev.warren.common.net.HostPort;
import dev.warren.common.net.SourceAllowList;
import dev.warren.store.Secret;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the relay is run and watched: traffic history, the metrics and health listener, scheduled backups and
 * published ports. Each part has a safe default; the risky ones (published ports, metrics off loopback) are off until
 * asked for.
 *
 * @param trafficFlush     how often counted traffic is written (a crash loses at most this much)
 * @param trafficRetention how long traffic history is kept
 * @param metrics          the {@code /metrics}, {@code /healthz}, {@code /readyz} listener; {@code null}: none
 * @param backups          scheduled backups of the embedded store; {@code null}: none
 * @param publish          published ports; {@code null}: off
 * @param dashboardListen  a plain-HTTP listener of the web dashboard alone, on a loopback address only;
 *                         {@code null}: none (the dashboard is on the relay's TLS port either way)
 */
public record OperationsConfig(Duration trafficFlush, Duration trafficRetention, Metrics metrics, Backups backups,
        Publish publish, HostPort dashboardListen) {
    public static final OperationsConfig DEFAULTS = new OperationsConfig(null, null, null, null, null, null);

    public OperationsConfig {
        if (dashboardListen != null) {
            // cookies and passwords would cross a network in clear: refused before anything starts
            RequestGuard.requireLoopback(new InetSocketAddress(dashboardListen.host(), dashboardListen.port()));
        }
        trafficFlush = positive("trafficFlush", trafficFlush, Duration.ofSeconds(15));
        trafficRetention = positive("trafficRetention", trafficRetention, Duration.ofDays(90));
        if (trafficRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("traffic retention: " + trafficRetention + " (expected: at least 1d)");
        }
    }

    /**
     * The plain-HTTP listener of {@code /metrics}, {@code /healthz} and {@code /readyz}.
     *
     * @param token bearer token {@code /metrics} requires; {@code null}: none, allowed only on a loopback address
     */
    public record Metrics(HostPort listen, Secret token) {
        public Metrics {
            if (listen == null) {
                throw new IllegalArgumentException("metrics listen: missing (expected: host:port, e.g. 127.0.0.1:9464)");
            }
            if (token == null && !isLoopback(listen.host())) {
                throw new IllegalArgumentException("--metrics-listen " + listen + " is not a loopback address"
                        + " (expected: 127.0.0.1 or ::1, or a --metrics-token-file so that scrapers must authenticate)");
            }
            if (token != null && token.reveal().length() < 16) {
                throw new IllegalArgumentException("metrics token: **** (expected: at least 16 characters)");
            }
        }

        static boolean isLoopback(String host) {
            return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        }
    }

    /**
     * Backups every {@code every} into {@code dir}, keeping the newest {@code keep}.
     *
     * @param passphraseFile encrypts each backup with the passphrase in this file; {@code null}: not encrypted
     */
    public record Backups(Duration every, int keep, Path dir, Path passphraseFile) {
        public Backups {
            every = positive("backup every", every, null);
            if (every.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("--backup-every " + every + " (expected: at least 1m)");
            }
            if (keep < 1 || keep > 10_000) {
                throw new IllegalArgumentException("--backup-keep " + keep + " (expected: 1..10000)");
            }
            if (dir == null) {
                throw new IllegalArgumentException("--backup-dir: missing (expected: a directory for the backups)");
            }
        }
    }

    /**
     * Published ports: allocated from {@code [firstPort, lastPort]}, listening on {@code bind}, accepting connections
     * only from {@code allow}.
     */
    public record Publish(int firstPort, int lastPort, String bind, SourceAllowList allow) {
        public Publish {
            if (firstPort < 1 || lastPort > 65535 || firstPort > lastPort) {
                throw new IllegalArgumentException("--publish-range " + firstPort + "-" + lastPort
                        + " (expected: FIRST-LAST within 1..65535, FIRST <= LAST)");
            }
            if (bind == null || bind.isBlank()) {
                throw new IllegalArgumentException("--publish-bind: missing (expected: the address published ports"
                        + " listen on, e.g. 10.0.0.1)");
            }
            if (allow == null) {
                throw new IllegalArgumentException("--publish-allow: missing (expected: the source networks that may"
                        + " connect, e.g. 10.0.0.0/24; published ports are never open to everyone)");
            }
        }

        public boolean inRange(int port) {
            return port >= firstPort && port <= lastPort;
        }

        /**
         * A warning for the log when {@code allow} admits every source (a /0): allowed, but against docs/OPERATIONS.md
         * (an internal interface, the networks that need the ports); worse still on every interface.
         */
        public Optional<String> exposureWarning() {
            List<String> everyone = allow.blocks().stream().filter(b -> b.prefix() == 0)
                    .map(SourceAllowList.Block::text).toList();
            if (everyone.isEmpty()) {
                return Optional.empty();
            }
            String where = WILDCARDS.contains(bind.trim()) ? "every interface (--publish-bind " + bind.trim() + ")"
                    : bind.trim();
            return Optional.of("published ports admit every source address (--publish-allow "
                    + String.join(",", everyone) + ") on " + where + ": anyone who reaches it reaches the published"
                    + " services (docs/OPERATIONS.md: bind an internal interface, allow only the networks that need them)");
        }

        private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]",
                "0:0:0:0:0:0:0:0");
    }

    public OperationsConfig withMetrics(Metrics m) {
        return new OperationsConfig(trafficFlush, trafficRetention, m, backups, publish, dashboardListen);
    }

    public OperationsConfig withBackups(Backups b) {
        return new OperationsConfig(trafficFlush, trafficRetention, metrics, b, publish, dashboardListen);
    }

    public OperationsConfig withPublish(Publish p) {
        return new OperationsConfig(trafficFlush, trafficRetention, metrics, backups, p, dashboardListen);
    }

    public OperationsConfig withDashboardListen(HostPort listen) {
        return new OperationsConfig(trafficFlush, trafficRetention, metrics, backups, publish, listen);
    }

    public OperationsConfig withTrafficFlush(Duration d) {
        return new OperationsConfig(d, trafficRetention, metrics, backups, publish, dashboardListen);
    }

    private static Duration positive(String name, Duration d, Duration fallback) {
        if (d == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(name + ": missing (expected: a duration such as 6h)");
            }
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
        return d;
    }
}
