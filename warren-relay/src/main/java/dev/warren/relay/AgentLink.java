package dev.warren.relay;

import dev.warren.protocol.session.MuxSession;
import java.time.Instant;
import java.util.Set;

/** A connected agent: its session and what it exposes. */
public record AgentLink(MuxSession session, DeviceIdentity device, Set<String> services, String agentVersion,
        String address, Instant connectedAt) {

    public AgentLink {
        services = Set.copyOf(services);
    }
}
