package dev.warren.gateway;

import dev.warren.gateway.internal.Cidr;
import dev.warren.gateway.internal.DestinationRule;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the gateway needs. Credentials are either an htpasswd file or one user with a password (generated or from
 * {@code WARREN_GATEWAY_PASSWORD}). {@code allowSources} empty means any source; {@code denyDestinations} are checked
 * against the addresses a name resolves to. {@code toString()} never shows the password.
 */
public record GatewayConfig(InetSocketAddress listen, List<String> allowDestinations, List<String> allowSources,
        List<String> denyDestinations, Path htpasswd, boolean allowWeakHashes, String user, String password,
        Limits limits) {

    public static final String DEFAULT_USER = "warren-gateway";
    /** The shortest password a single-user gateway takes. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    /** The bounds on what a client may make the gateway hold. */
    public record Limits(int maxHeaderBytes, Duration headerTimeout, Duration idleTimeout, Duration connectTimeout,
            int maxPerSource, int maxConnections) {
        public static final Limits DEFAULTS = new Limits(8192, Duration.ofSeconds(10), Duration.ofMinutes(10),
                Duration.ofSeconds(10), 256, 10_000);

        public Limits {
            if (maxHeaderBytes < 512 || maxHeaderBytes > 1 << 20) {
                throw new IllegalArgumentException("max-header-bytes: " + maxHeaderBytes + " (expected 512..1048576)");
            }
            // named as the option and the YAML key are
            positive(headerTimeout, "header-timeout");
            positive(idleTimeout, "idle-timeout");
            positive(connectTimeout, "connect-timeout");
            if (maxPerSource < 1) {
                throw new IllegalArgumentException("max-per-source: " + maxPerSource + " (expected: at least 1)");
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("max-connections: " + maxConnections + " (expected: at least 1)");
            }
        }

        public Limits withMaxPerSource(int n) {
            return new Limits(maxHeaderBytes, headerTimeout, idleTimeout, connectTimeout, n, maxConnections);
        }

        public Limits withIdleTimeout(Duration d) {
            return new Limits(maxHeaderBytes, headerTimeout, d, connectTimeout, maxPerSource, maxConnections);
        }

        public Limits withHeaderTimeout(Duration d) {
            return new Limits(maxHeaderBytes, d, idleTimeout, connectTimeout, maxPerSource, maxConnections);
        }

        private static void positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + ": must be positive");
            }
        }
    }

    public GatewayConfig {
        if (listen == null) {
            throw new IllegalArgumentException("listen: missing");
        }
        allowDestinations = List.copyOf(allowDestinations);
        allowSources = List.copyOf(allowSources);
        denyDestinations = List.copyOf(denyDestinations);
        if (allowDestinations.isEmpty()) {
            throw new IllegalArgumentException("no allowed destination (give --allow-dst HOST:PORT)");
        }
        // parse now so that a bad rule is refused before anything listens
        allowDestinations.forEach(DestinationRule::parse);
        allowSources.forEach(Cidr::parse);
        denyDestinations.forEach(Cidr::parse);
        if ((htpasswd == null) == (password == null)) {
            throw new IllegalArgumentException("credentials: give an htpasswd file or a password, not both or neither");
        }
        if (password != null && (user == null || user.isEmpty() || user.contains(":"))) {
            throw new IllegalArgumentException("user: must be non-empty and without ':'");
        }
        if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password: at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        limits = limits == null ? Limits.DEFAULTS : limits;
    }

    /** Checked by an htpasswd file. */
    public static GatewayConfig withHtpasswd(InetSocketAddress listen, List<String> allowDst, List<String> allowSrc,
            List<String> denyDst, Path htpasswd, boolean allowWeak) {
        return new GatewayConfig(listen, allowDst, allowSrc, denyDst, htpasswd, allowWeak, null, null, Limits.DEFAULTS);
    }

    /** One user and password (e.g. {@link GatewayPasswords#generate()}). */
    public static GatewayConfig withPassword(InetSocketAddress listen, List<String> allowDst, List<String> allowSrc,
            List<String> denyDst, String user, String password) {
        return new GatewayConfig(listen, allowDst, allowSrc, denyDst, null, false, user, password, Limits.DEFAULTS);
    }

    public GatewayConfig withLimits(Limits l) {
        return new GatewayConfig(listen, allowDestinations, allowSources, denyDestinations, htpasswd, allowWeakHashes,
                user, password, l);
    }

    @Override
    public String toString() {
        return "GatewayConfig[listen=" + listen + ", allowDestinations=" + allowDestinations + ", allowSources="
                + allowSources + ", denyDestinations=" + denyDestinations + ", htpasswd=" + htpasswd
                + ", allowWeakHashes=" + allowWeakHashes + ", user=" + user + ", password="
                + (password == null ? "none" : "(hidden)") + ", limits=" + limits + "]";
    }
}
