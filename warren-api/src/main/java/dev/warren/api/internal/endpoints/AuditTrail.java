package dev.warren.api.internal.endpoints;

import dev.warren.store.AuditEvent;
import dev.warren.store.WarrenStore;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit events for the API. Caller input is cleaned to what the log accepts (no control characters,
 * bounded lengths), and a failing audit write is logged, not turned into a failed request: by then the action
 * it records has happened.
 */
final class AuditTrail {
    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final WarrenStore store;
    private final Clock clock;

    AuditTrail(WarrenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void record(String actor, String action, String target, String source, String outcome,
            Map<String, String> details) {
        Map<String, String> clean = new TreeMap<>();
        details.forEach((k, v) -> {
            if (v != null) {
                clean.put(k, clip(v, 4096));
            }
        });
        try {
            store.audit().append(AuditEvent.of(clock.instant(), clip(actor, 128), action,
                    target == null || target.isBlank() ? null : clip(target, 255), clip(source, 255), outcome, clean));
        } catch (RuntimeException e) {
            log.error("audit event {} {} for {} could not be stored: {}", action, outcome, actor, e.toString());
        }
    }

    static String clip(String s, int max) {
        if (s == null || s.isBlank()) {
            return s == null ? null : "?";
        }
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > max ? clean.substring(0, max) : clean;
    }
}
