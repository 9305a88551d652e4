package dev.warren.relay;

import dev.warren.protocol.session.MuxStream;
import dev.warren.transport.StreamJoin;
import java.time.Instant;

/** A stream being relayed right now between an operator and a device service. */
public record LiveSession(String id, String operator, String sourceAddress, DeviceIdentity device, String service,
        Instant startedAt, StreamJoin join, MuxStream agentStream) {}
