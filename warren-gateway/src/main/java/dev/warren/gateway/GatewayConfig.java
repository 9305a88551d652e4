package dev.warren.gateway;

import dev.warren.common.net.HostPort;
import dev.warren.gateway.internal.Cidr;
import dev.warren.gateway.internal.DestinationRule;
import java.time.Duration;
import java.util.List;

/**
 * What the gateway lets through. An empty source list allows any source; the destination list must not be empty (a
 * gateway that lets everyone anywhere is an open proxy).
 */
public record GatewayConfig(HostPort listen, List<DestinationRule> allowDst, List<Cidr> allowSrc, List<Cidr> denyDst,
                            Limits limits) {
    public GatewayConfig {
        if (listen == null) throw new IllegalArgumentException("gateway: listen address missing");
        allowDst = List.copyOf(allowDst);
        allowSrc = List.copyOf(allowSrc);
        denyDst = List.copyOf(denyDst);
        if (allowDst.isEmpty()) throw new IllegalArgumentException("gateway: at least one --allow-dst is needed (it is not an open proxy)");
        if (limits == null) limits = Limits.DEFAULTS;
    }

    /** Bounds on what one client can hold. */
    public record Limits(int maxHeaderBytes, Duration headerTimeout, Duration idleTimeout, int maxPerSource, int maxTotal) {
        public static final Limits DEFAULTS = new Limits(8192, Duration.ofSeconds(10), Duration.ofMinutes(10), 256, 10_000);

        public Limits {
            if (maxHeaderBytes < 256 || maxHeaderBytes > 1 << 20) throw new IllegalArgumentException("gateway: max header bytes out of range: " + maxHeaderBytes);
            if (headerTimeout.isNegative() || headerTimeout.isZero()) throw new IllegalArgumentException("gateway: header timeout must be positive");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("gateway: idle timeout must be positive");
            if (maxPerSource < 1 || maxTotal < 1) throw new IllegalArgumentException("gateway: connection limits must be positive");
        }
    }
}
