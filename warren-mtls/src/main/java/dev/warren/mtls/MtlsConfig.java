package dev.warren.mtls;

import dev.warren.common.net.HostPort;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A whole {@code warren mtls} process: its tunnels, the optional status listener ({@code /healthz}, {@code /metrics}),
 * how often certificate files are checked for changes, and the event loop threads (0: one per core).
 */
public record MtlsConfig(List<TunnelConfig> tunnels, HostPort status, Duration reloadCheck, int ioThreads) {

    public static final Duration DEFAULT_RELOAD_CHECK = Duration.ofSeconds(2);

    public MtlsConfig {
        if (tunnels == null || tunnels.isEmpty()) {
            throw new IllegalArgumentException("tunnels: none (expected: at least one listen/connect pair)");
        }
        tunnels = List.copyOf(tunnels);
        Set<String> names = new HashSet<>();
        Set<Endpoint> listeners = new HashSet<>();
        for (TunnelConfig t : tunnels) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tunnels: the name '" + t.name() + "' twice (expected: unique names)");
            }
            if (!listeners.add(t.listen())) {
                throw new IllegalArgumentException("tunnels: " + t.listen() + " is the listen address of two tunnels");
            }
        }
        reloadCheck = reloadCheck == null ? DEFAULT_RELOAD_CHECK : reloadCheck;
        if (reloadCheck.isNegative() || reloadCheck.isZero()) {
            throw new IllegalArgumentException("reload-check: " + reloadCheck + " (expected: > 0)");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("io-threads: " + ioThreads + " (expected: >= 0)");
        }
    }

    public static MtlsConfig of(TunnelConfig... tunnels) {
        return new MtlsConfig(List.of(tunnels), null, null, 0);
    }
}
