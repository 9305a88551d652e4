package dev.warren.agent;

import dev.warren.common.net.HostPort;
import dev.warren.protocol.session.SessionConfig;
import dev.warren.transport.Transport;
import dev.warren.transport.proxy.ProxySpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How an agent runs.
 *
 * @param dataDir the device identity from enrollment (key, certificate, relay CA, relay address)
 * @param relay the relay to dial; {@code null} for the one recorded at enrollment
 * @param services the only services this agent exposes: name to local address. The relay asks for a name; it can
 *     never make the agent dial anything else.
 * @param session protocol settings (keep-alive, windows)
 * @param initialBackoff first reconnect delay bound; each failure doubles it, with full jitter
 * @param maxBackoff the most a reconnect waits
 * @param renewBefore renew the device certificate when this much of its validity is left; {@code null} for a third of
 *     its life
 * @param forwards service forwarders: local addresses whose connections go to a service of another device
 * @param proxy the HTTP CONNECT or SOCKS5 proxy to reach the relay through (dial and renewal); null for direct
 * @param transport Warren frames right on TLS (default) or over WebSocket
 */
public record AgentConfig(Path dataDir, HostPort relay, Map<String, HostPort> services, SessionConfig session,
        Duration initialBackoff, Duration maxBackoff, Duration renewBefore, List<Forward> forwards, ProxySpec proxy,
        Transport transport) {
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    public AgentConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir: missing (expected: the directory given to 'agent enroll')");
        }
        if (services == null) {
            services = Map.of();
        }
        for (String name : services.keySet()) {
            if (!SERVICE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "service name: '" + name + "' (expected: lowercase letters, digits, '.', '_' or '-', 1..63)");
            }
        }
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        if (transport == null) {
            transport = Transport.TLS;
        }
        if (session == null) {
            session = SessionConfig.DEFAULTS;
        }
        if (initialBackoff == null) {
            initialBackoff = Duration.ofMillis(500);
        }
        if (maxBackoff == null) {
            maxBackoff = Duration.ofSeconds(30);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff: " + initialBackoff + ".." + maxBackoff
                    + " (expected: 0 < initial <= max)");
        }
        if (renewBefore != null && (renewBefore.isNegative() || renewBefore.isZero())) {
            throw new IllegalArgumentException("renewBefore: " + renewBefore + " (expected: > 0)");
        }
        forwards = forwards == null ? List.of() : List.copyOf(forwards);
        if (forwards.stream().map(Forward::listen).distinct().count() < forwards.size()) {
            throw new IllegalArgumentException("forwards: " + forwards + " (expected: each listen address once)");
        }
    }

    public AgentConfig(Path dataDir, HostPort relay, Map<String, HostPort> services, SessionConfig session,
            Duration initialBackoff, Duration maxBackoff, Duration renewBefore) {
        this(dataDir, relay, services, session, initialBackoff, maxBackoff, renewBefore, List.of(), null, null);
    }

    public static AgentConfig of(Path dataDir, Map<String, HostPort> services) {
        return new AgentConfig(dataDir, null, services, null, null, null, null, null, null, null);
    }

    public AgentConfig withForwards(List<Forward> f) {
        return new AgentConfig(dataDir, relay, services, session, initialBackoff, maxBackoff, renewBefore, f, proxy,
                transport);
    }

    public AgentConfig withRelay(HostPort r) {
        return new AgentConfig(dataDir, r, services, session, initialBackoff, maxBackoff, renewBefore, forwards,
                proxy, transport);
    }

    public AgentConfig withSession(SessionConfig s) {
        return new AgentConfig(dataDir, relay, services, s, initialBackoff, maxBackoff, renewBefore, forwards,
                proxy, transport);
    }

    public AgentConfig withBackoff(Duration initial, Duration max) {
        return new AgentConfig(dataDir, relay, services, session, initial, max, renewBefore, forwards,
                proxy, transport);
    }

    public AgentConfig withRenewBefore(Duration margin) {
        return new AgentConfig(dataDir, relay, services, session, initialBackoff, maxBackoff, margin, forwards,
                proxy, transport);
    }

    public AgentConfig withTransport(Transport t) {
        return new AgentConfig(dataDir, relay, services, session, initialBackoff, maxBackoff, renewBefore, forwards,
                proxy, t);
    }

    public AgentConfig withProxy(ProxySpec p) {
        return new AgentConfig(dataDir, relay, services, session, initialBackoff, maxBackoff, renewBefore, forwards,
                p, transport);
    }

    /** Parses {@code name=host:port} as given to {@code --service}. */
    public static Map.Entry<String, HostPort> parseService(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException("service: '" + spec + "' (expected: name=host:port, e.g. ssh=127.0.0.1:22)");
        }
        return Map.entry(spec.substring(0, eq).trim(), HostPort.parse(spec.substring(eq + 1).trim()));
    }
}
