package dev.warren.relay;

import dev.warren.api.RelayControl;
import dev.warren.api.auth.Principal;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes admins' actions take effect on this node's live connections at once. Each cut aborts the joined streams first,
 * with the code and reason the session records will keep (GRANT_EXPIRED for a revoked grant, ADMIN_ACTION for an
 * admin's cut, DEVICE_DISABLED for a disabled or deleted device), then closes the connection when there is one to
 * close. Nothing here blocks: aborts and closes run on the sessions' event loops.
 */
final class RelayActions implements RelayControl {
    private static final Logger log = LoggerFactory.getLogger(RelayActions.class);

    private final AgentRegistry agents;
    private final OperatorSessions operators;
    private final Map<String, LiveSession> live;
    private final PortPublisher publisher;

    /** {@code publisher}: null when published ports are off. */
    RelayActions(AgentRegistry agents, OperatorSessions operators, Map<String, LiveSession> live,
            PortPublisher publisher) {
        this.agents = agents;
        this.operators = operators;
        this.live = live;
        this.publisher = publisher;
    }

    @Override
    public Publication publish(String deviceId, String service, Integer port, String createdBy) {
        if (publisher == null) {
            throw new UnsupportedOperationException(PUBLISHING_OFF);
        }
        return publisher.publish(deviceId, service, port, createdBy);
    }

    @Override
    public boolean unpublish(int port, String reason) {
        if (publisher == null) {
            throw new UnsupportedOperationException(PUBLISHING_OFF);
        }
        return publisher.unpublish(port, reason);
    }

    @Override
    public Optional<Publishing> publishing() {
        return publisher == null ? Optional.empty() : Optional.of(publisher.describe());
    }

    @Override
    public int cutDevice(String deviceId, DeviceCut cut, String reason) {
        ErrorCode code = cut == DeviceCut.DISCONNECT ? ErrorCode.ADMIN_ACTION : ErrorCode.DEVICE_DISABLED;
        int streams = abort(s -> s.device().id().equals(deviceId), code, reason);
        if (cut == DeviceCut.DELETE && publisher != null) {
            publisher.deviceDeleted(deviceId, reason);
        }
        AgentLink link = agents.byId(deviceId);
        if (link == null) {
            return 0;
        }
        link.session().close(code, reason);
        log.info("agent {} disconnected by an admin: {}: {} ({} streams cut)", link.device(), code, reason, streams);
        return 1;
    }

    @Override
    public int serviceDisabled(String deviceId, String service, boolean disabled, String reason) {
        agents.serviceDisabled(deviceId, service, disabled);
        if (!disabled) {
            return 0;
        }
        int streams = abort(s -> s.device().id().equals(deviceId) && s.service().equals(service),
                ErrorCode.ADMIN_ACTION, reason);
        log.info("service {} of device {} disabled by an admin ({} streams cut)", service, deviceId, streams);
        return streams;
    }

    @Override
    public Optional<String> cutSession(String sessionId, String reason) {
        LiveSession session = live.get(sessionId);
        if (session == null) {
            return Optional.empty();
        }
        session.abort(ErrorCode.ADMIN_ACTION, reason);
        log.info("session {} cut by an admin: {}", sessionId, reason);
        return Optional.of(ErrorCode.ADMIN_ACTION + ": " + reason);
    }

    @Override
    public int grantRevoked(String grantId, String reason) {
        int streams = abort(s -> grantId.equals(s.grantId()), ErrorCode.GRANT_EXPIRED, reason);
        log.info("{}: {} streams cut", reason, streams);
        return streams;
    }

    @Override
    public int userDisabled(String userId, String reason) {
        abort(s -> userId.equals(s.userId()), ErrorCode.ADMIN_ACTION, reason);
        return closeOperators(p -> p.userId().equals(userId), reason);
    }

    @Override
    public int tokenRevoked(String tokenId, String reason) {
        abort(s -> tokenId.equals(s.credential()), ErrorCode.ADMIN_ACTION, reason);
        return closeOperators(p -> tokenId.equals(p.tokenId()), reason);
    }

    @Override
    public int certificateRevoked(String fingerprint, String reason) {
        abort(s -> fingerprint.equals(s.credential()), ErrorCode.ADMIN_ACTION, reason);
        return closeOperators(p -> fingerprint.equals(p.certFingerprint()), reason);
    }

    private int abort(Predicate<LiveSession> which, ErrorCode code, String reason) {
        int n = 0;
        for (LiveSession s : List.copyOf(live.values())) {
            if (which.test(s)) {
                s.abort(code, reason);
                n++;
            }
        }
        return n;
    }

    private int closeOperators(Predicate<Principal> who, String reason) {
        List<MuxSession> sessions = operators.matching(who);
        for (MuxSession s : sessions) {
            s.close(ErrorCode.UNAUTHENTICATED, reason);
        }
        if (!sessions.isEmpty()) {
            log.info("{}: {} operator connections closed", reason, sessions.size());
        }
        return sessions.size();
    }
}
