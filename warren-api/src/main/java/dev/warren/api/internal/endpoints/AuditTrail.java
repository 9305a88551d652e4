package dev.warren.api.internal.endpoints;

import dev.warren.api.audit.Audit;
import dev.warren.api.audit.AuditWriter;
import dev.warren.api.internal.http.Call;
import java.time.Clock;
import java.util.Map;

/**
 * The API's side of the audit trail. Every change an endpoint makes is recorded before the answer goes out
 * ({@link AuditWriter#appendAndWait}); a failing write is logged by the writer, not turned into a failed request: by
 * then the action it records has happened.
 */
final class AuditTrail {
    private final AuditWriter writer;
    private final Clock clock;

    AuditTrail(AuditWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /** An event by the caller of {@code call}, from its source address. */
    Audit by(Call call, String action) {
        return Audit.event(clock.instant(), call.principal().name(), action).source(call.request().source());
    }

    Audit event(String actor, String action) {
        return Audit.event(clock.instant(), actor, action);
    }

    void record(Audit event) {
        writer.appendAndWait(event.build());
    }

    void record(String actor, String action, String target, String source, String outcome,
            Map<String, String> details) {
        record(event(actor, action).target(target).source(source).outcome(outcome).details(details));
    }
}
