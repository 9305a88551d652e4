package dev.warren.api.audit;

import dev.warren.store.AuditEvent;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an {@link AuditEvent} from values that may come from peers or callers: each is cleaned to what the log
 * accepts (control characters become '?', lengths are bounded, blanks become absent), so that recording an event can
 * never fail on its content.
 *
 * <pre>{@code
 * writer.append(Audit.event(now, "admin", "grant.create").target(grant.id()).device(deviceId)
 *         .subject("alice").source(address).detail("reason", reason).build());
 * }</pre>
 */
public final class Audit {
    private final Instant at;
    private final String actor;
    private final String action;
    private String target;
    private String deviceId;
    private String subject;
    private String source;
    private String outcome = "ok";
    private final Map<String, String> details = new TreeMap<>();

    private Audit(Instant at, String actor, String action) {
        this.at = at;
        this.actor = actor == null || actor.isBlank() ? "?" : clip(actor, 128);
        this.action = action;
    }

    /** An event: {@code actor} (a user name, a device id or {@code system}) did {@code action} at {@code at}. */
    public static Audit event(Instant at, String actor, String action) {
        return new Audit(at, actor, action);
    }

    public Audit target(String target) {
        this.target = clip(target, 255);
        return this;
    }

    public Audit device(String deviceId) {
        this.deviceId = deviceId == null || deviceId.isBlank() ? null : clip(deviceId, 64);
        return this;
    }

    public Audit subject(String userName) {
        this.subject = userName == null || userName.isBlank() ? null : clip(userName, 128);
        return this;
    }

    public Audit source(String address) {
        this.source = clip(address, 255);
        return this;
    }

    /** {@code ok} (the default), {@code refused}, {@code failed}. */
    public Audit outcome(String outcome) {
        this.outcome = outcome;
        return this;
    }

    public Audit refused(String reason) {
        this.outcome = "refused";
        return detail("reason", reason);
    }

    /** A fact; a null value is left out. Never a secret. */
    public Audit detail(String key, Object value) {
        if (value != null) {
            details.put(key, clip(String.valueOf(value), 4096));
        }
        return this;
    }

    public Audit details(Map<String, String> more) {
        more.forEach(this::detail);
        return this;
    }

    public AuditEvent build() {
        return AuditEvent.of(at, actor, action, target == null || target.isBlank() ? null : target, source, outcome,
                details, deviceId, subject);
    }

    /**
     * Control characters (ASCII's, {@code \p{Cntrl}}) become '?', and the text is cut to {@code max} characters; null
     * stays null. A scan, not a regular expression: every field of every event passes here (a relay builds two events
     * per stream), and {@code String.replaceAll} compiles its pattern at each call.
     */
    public static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        if (s.isBlank()) {
            return "?";
        }
        String cut = s.length() > max ? s.substring(0, max) : s;
        for (int i = 0; i < cut.length(); i++) {
            if (isAsciiControl(cut.charAt(i))) {
                char[] chars = cut.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (isAsciiControl(chars[j])) {
                        chars[j] = '?';
                    }
                }
                return new String(chars);
            }
        }
        return cut;
    }

    private static boolean isAsciiControl(char c) {
        return c < 0x20 || c == 0x7f;
    }
}
