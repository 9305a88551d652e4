package dev.warren.api.internal.endpoints;

import dev.warren.store.AccessRequest;
import dev.warren.store.ApiToken;
import dev.warren.store.AuditEvent;
import dev.warren.store.Device;
import dev.warren.store.EnrollToken;
import dev.warren.store.Grant;
import dev.warren.store.SessionRecord;
import dev.warren.store.User;
import dev.warren.store.UserCertificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The JSON shapes of docs/API.md, field for field (Jackson writes record components in order). */
final class Views {
    private Views() {}

    record Health(String status, String node, String version) {}

    record Ca(String certificate, String fingerprint, String pin) {}

    record WhoAmI(String user, String userId, String role, String tokenId, String certFingerprint) {}

    record CreatedEnrollToken(String id, String token, Instant expiresAt, int uses) {}

    record EnrollTokenView(String id, Instant createdAt, Instant expiresAt, int maxUses, int uses, boolean revoked,
            String createdBy, String description) {
        static EnrollTokenView of(EnrollToken t) {
            return new EnrollTokenView(t.id(), t.createdAt(), t.expiresAt(), t.maxUses(), t.uses(), t.revoked(),
                    t.createdBy(), t.description());
        }
    }

    record Enrolled(String deviceId, String name, String certificate, String caCertificate) {}

    record Renewed(String certificate) {}

    /** A device: the fields of docs/API.md first, then the rest of what the registry knows. */
    record DeviceView(String id, String name, Map<String, String> labels, boolean online, Instant lastSeenAt,
            String agentVersion, Instant certNotAfter, List<String> services, boolean disabled, Instant createdAt,
            String certFingerprint, String lastAddress, String onlineNode, List<String> disabledServices) {
        /** {@code liveHere}/{@code services}: this node's view; the store knows about other nodes of a cluster. */
        static DeviceView of(Device d, boolean liveHere, Set<String> services, String nodeId) {
            boolean online = liveHere || d.online();
            String node = liveHere ? nodeId : d.onlineNode();
            return new DeviceView(d.id(), d.name(), d.labels(), online, d.lastSeenAt(), d.agentVersion(),
                    d.certNotAfter(), List.copyOf(new TreeSet<>(services)), d.disabled(), d.createdAt(),
                    d.certFingerprint(), d.lastAddress(), online ? node : null, List.copyOf(d.disabledServices()));
        }
    }

    record SessionView(String id, String deviceId, String deviceName, String service, String operator,
            String sourceAddress, String relayNode, Instant startedAt, Instant endedAt, long bytesToDevice,
            long bytesFromDevice, String closeReason, String grantId) {
        static SessionView of(SessionRecord s) {
            return new SessionView(s.id(), s.deviceId(), s.deviceName(), s.service(), s.operator(), s.sourceAddress(),
                    s.relayNode(), s.startedAt(), s.endedAt(), s.bytesToDevice(), s.bytesFromDevice(), s.closeReason(),
                    s.grantId());
        }

        SessionView withBytes(long toDevice, long fromDevice) {
            return new SessionView(id, deviceId, deviceName, service, operator, sourceAddress, relayNode, startedAt,
                    endedAt, toDevice, fromDevice, closeReason, grantId);
        }
    }

    /** @param passwordSetAt when the user's dashboard password was set; {@code null}: the user has none */
    record UserView(String id, String name, String role, boolean disabled, Instant createdAt, Instant passwordSetAt) {
        static UserView of(User u) {
            return new UserView(u.id(), u.name(), u.role().name(), u.disabled(), u.createdAt(), u.passwordChangedAt());
        }
    }

    record CreatedUser(String id, String name, String role, String tokenId, String token, Instant tokenExpiresAt) {}

    record TokenView(String id, String userId, Instant createdAt, Instant expiresAt, Instant revokedAt,
            Instant lastUsedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.id(), t.userId(), t.createdAt(), t.expiresAt(), t.revokedAt(), t.lastUsedAt());
        }
    }

    record CreatedToken(String id, String token, Instant expiresAt) {}

    record CertificateView(String fingerprint, String userId, Instant createdAt, Instant notAfter, Instant revokedAt) {
        static CertificateView of(UserCertificate c) {
            return new CertificateView(c.fingerprint(), c.userId(), c.createdAt(), c.notAfter(), c.revokedAt());
        }
    }

    record IssuedUserCertificate(String fingerprint, String certificate, String caCertificate, Instant notAfter) {}

    /** A grant; {@code deviceName} is filled in when the grant names a device that still exists. */
    /** {@code user}/{@code userId} for an operator's grant, {@code fromDevice}/{@code fromDeviceId} for a device's. */
    record GrantView(String id, String user, String userId, String fromDeviceId, String fromDevice, String deviceId,
            String deviceName, Map<String, String> selector, String service, String reason, String createdBy,
            Instant createdAt, Instant expiresAt, Instant revokedAt, String revokedBy, String requestId, boolean live) {
        static GrantView of(Grant g, String deviceName, Instant now) {
            return new GrantView(g.id(), g.userName(), g.userId(), g.fromDeviceId(), g.fromDeviceName(), g.deviceId(),
                    deviceName,
                    g.deviceId() == null ? g.selector() : null, g.service(), g.reason(), g.createdBy(), g.createdAt(),
                    g.expiresAt(), g.revokedAt(), g.revokedBy(), g.requestId(), g.isLive(now));
        }
    }

    record AuditView(long seq, Instant at, String actor, String action, String target, String deviceId,
            String subject, String source, String outcome, Map<String, String> details) {
        static AuditView of(AuditEvent e) {
            return new AuditView(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.deviceId(), e.subject(),
                    e.sourceAddress(), e.outcome(), e.details());
        }
    }

    record AccessRequestView(String id, String user, String userId, String device, String service,
            long durationSeconds, String reason, Instant createdAt, String status, String decidedBy,
            Instant decidedAt, String note, String grantId) {
        static AccessRequestView of(AccessRequest r) {
            return new AccessRequestView(r.id(), r.userName(), r.userId(), r.device(), r.service(), r.durationSeconds(),
                    r.reason(), r.createdAt(), r.status().name(), r.decidedBy(), r.decidedAt(), r.note(), r.grantId());
        }
    }

    record Approved(AccessRequestView request, GrantView grant) {}

    record DeviceCut(String device, String deviceId, int connectionsClosed) {}

    /** {@code GET /traffic}: the range (from aligned to the step), the step in seconds, the grouping, the series. */
    record TrafficView(Instant from, Instant to, int step, String group, List<TrafficSeries> series) {}

    /** One series; {@code deviceId}/{@code device} are null for {@code group=total}, {@code service} unless
     * {@code group=service}. */
    record TrafficSeries(String deviceId, String device, String service, TrafficTotals totals,
            List<TrafficStep> points) {}

    record TrafficTotals(long bytesToDevice, long bytesFromDevice, long sessions) {}

    record TrafficStep(Instant at, long bytesToDevice, long bytesFromDevice, long sessions) {}

    /** A published port: where it listens, what it reaches, whether its listener is up now. */
    record PublishedPortView(int port, String bind, String deviceId, String device, String service, String createdBy,
            Instant createdAt, boolean listening) {}

    /** {@code GET /published-ports}: the relay's settings and the allocations. */
    record PublishingView(int firstPort, int lastPort, String bind, List<String> allow, List<PublishedPortView> ports) {}
}
