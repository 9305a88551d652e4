package dev.warren.relay;

import dev.warren.protocol.session.MuxStream;
import dev.warren.transport.StreamJoin;
import java.time.Instant;

/**
 * A stream being relayed right now between an operator and a device service.
 *
 * @param userId      the operator's user id
 * @param credential  what authenticated the operator's session: an API token id or a certificate fingerprint
 * @param grantId     the grant it runs under; {@code null} for an admin
 * @param grantEndsAt when that grant expires; {@code null} for an admin
 * @param join        the join of the operator's stream and the agent's; {@code null} for a published port's connection,
 *                    whose socket is bridged straight to {@code agentStream}
 */
public record LiveSession(String id, String operator, String userId, String credential, String sourceAddress,
        DeviceIdentity device, String service, Instant startedAt, String grantId, Instant grantEndsAt, StreamJoin join,
        MuxStream agentStream) {

    /** Ends the session now with {@code code} and {@code reason} on both sides (an admin's cut, an expired grant). */
    public void abort(dev.warren.protocol.ErrorCode code, String reason) {
        if (join != null) {
            join.abort(code, reason);
        } else {
            agentStream.reset(code, reason); // the bridge closes the published port's socket
        }
    }
}
