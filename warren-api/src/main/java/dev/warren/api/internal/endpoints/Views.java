package dev.warren.api.internal.endpoints;

import dev.warren.store.Device;
import dev.warren.store.EnrollToken;
import dev.warren.store.SessionRecord;
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

    record WhoAmI(String user, String userId, String role, String tokenId) {}

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
            String certFingerprint, String lastAddress, String onlineNode) {
        /** {@code liveHere}/{@code services}: this node's view; the store knows about other nodes of a cluster. */
        static DeviceView of(Device d, boolean liveHere, Set<String> services, String nodeId) {
            boolean online = liveHere || d.online();
            String node = liveHere ? nodeId : d.onlineNode();
            return new DeviceView(d.id(), d.name(), d.labels(), online, d.lastSeenAt(), d.agentVersion(),
                    d.certNotAfter(), List.copyOf(new TreeSet<>(services)), d.disabled(), d.createdAt(),
                    d.certFingerprint(), d.lastAddress(), online ? node : null);
        }
    }

    record SessionView(String id, String deviceId, String deviceName, String service, String operator,
            String sourceAddress, String relayNode, Instant startedAt, Instant endedAt, long bytesToDevice,
            long bytesFromDevice, String closeReason) {
        static SessionView of(SessionRecord s) {
            return new SessionView(s.id(), s.deviceId(), s.deviceName(), s.service(), s.operator(), s.sourceAddress(),
                    s.relayNode(), s.startedAt(), s.endedAt(), s.bytesToDevice(), s.bytesFromDevice(), s.closeReason());
        }
    }
}
