package dev.warren.gateway.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * Which sources may connect and where to. A name is allowed by name rules only and then its resolved address must not be
 * denied; an address literal is allowed by CIDR rules only (and is also checked against the deny list).
 */
public record AccessPolicy(List<DestinationRule> destinations, List<Cidr> sources, List<Cidr> denied) {

    public AccessPolicy {
        destinations = List.copyOf(destinations);
        sources = List.copyOf(sources);
        denied = List.copyOf(denied);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("no allowed destination (give --allow-dst HOST:PORT)");
        }
    }

    /** No source list means any source. */
    public boolean sourceAllowed(InetAddress source) {
        return sources.isEmpty() || sources.stream().anyMatch(c -> c.contains(source));
    }

    public boolean nameAllowed(String host, int port) {
        return destinations.stream().anyMatch(r -> r.matchesName(host, port));
    }

    public boolean literalAllowed(InetAddress address, int port) {
        return destinations.stream().anyMatch(r -> r.matchesAddress(address, port));
    }

    public boolean addressDenied(InetAddress address) {
        return denied.stream().anyMatch(c -> c.contains(address));
    }
}
