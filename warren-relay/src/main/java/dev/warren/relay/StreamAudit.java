package dev.warren.relay;

import dev.warren.api.audit.Audit;
import dev.warren.api.audit.AuditWriter;
import dev.warren.common.text.PeerText;
import dev.warren.protocol.ErrorCode;
import dev.warren.store.AuditEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The audit trail of streams: every open, every end (bytes each way, why) and every refusal, with who, from where,
 * which device and service and which grant. Written by the {@link AuditWriter}'s thread; nothing here waits. The events
 * of sessions that opened go with their rows ({@link SessionJournal}).
 */
final class StreamAudit {
    private final AuditWriter writer;
    private final Clock clock;

    StreamAudit(AuditWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    AuditEvent openEvent(LiveSession s) {
        return Audit.event(s.startedAt(), s.operator(), "session.open").target(s.id()).device(s.device().id())
                .subject(s.operator()).source(s.sourceAddress()).detail("device", s.device().name())
                .detail("service", s.service()).detail("grantId", s.grantId()).detail("grantExpiresAt", s.grantEndsAt())
                .build();
    }

    AuditEvent closeEvent(LiveSession s, Instant ended, long toDevice, long fromDevice, String reason) {
        return Audit.event(ended, s.operator(), "session.close").target(s.id()).device(s.device().id())
                .subject(s.operator()).source(s.sourceAddress()).detail("device", s.device().name())
                .detail("service", s.service()).detail("grantId", s.grantId()).detail("startedAt", s.startedAt())
                .detail("endedAt", ended).detail("durationMs", Duration.between(s.startedAt(), ended).toMillis())
                .detail("bytesToDevice", toDevice).detail("bytesFromDevice", fromDevice).detail("closeReason", reason)
                .build();
    }

    /** {@code deviceId}: the device, when the relay knows which it is (never shown to the operator). */
    void refused(StreamOpener p, String credential, String source, String device, String deviceId, String service,
            ErrorCode code, String reason, String forAdmin) {
        writer.append(Audit.event(clock.instant(), p.name(), "session.open").target(PeerText.clean(device, 128))
                .device(deviceId).subject(p.name()).source(source).refused(code + ": " + reason)
                .detail("service", PeerText.clean(service, 128)).detail("credential", credential)
                .detail("fromDevice", p.isDevice() ? p.fromDevice().id() : null).detail("inFact", forAdmin).build());
    }
}
