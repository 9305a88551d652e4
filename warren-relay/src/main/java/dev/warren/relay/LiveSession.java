package dev.warren.relay;

import dev.warren.protocol.session.MuxStream;
import dev.warren.transport.StreamJoin;
import java.time.Instant;

/**
 * A stream being relayed right now between an operator (or another device's forwarder) and a device service.
 *
 * @param userId      the operator's user id
 * @param credential  what authenticated the operator's session: an API token id or a certificate fingerprint
 * @param grantId     the grant it runs under; {@code null} for an admin
 * @param grantEndsAt when that grant expires; {@code null} for an admin
 * @param fromDeviceId the device whose forwarder opened it; {@code null} for an operator's stream
 */
public record LiveSession(String id, String operator, String userId, String credential, String sourceAddress,
        DeviceIdentity device, String service, Instant startedAt, String grantId, Instant grantEndsAt, StreamJoin join,
        MuxStream agentStream, String fromDeviceId) {}
