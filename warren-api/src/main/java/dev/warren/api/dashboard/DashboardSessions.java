package dev.warren.api.dashboard;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side dashboard sessions: an id of 256 random bits (the cookie value) maps to the signed-in user, a CSRF
 * synchronizer token of 256 random bits, and two deadlines: idle (pushed forward by each use) and absolute (never
 * moved). Expired sessions are gone on first look; {@link #purge} drops the ones nobody asks about.
 */
public final class DashboardSessions {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /**
     * One signed-in session; toString never shows the id or the token.
     *
     * @param credentialId the API token the user signed in with (its id, never its secret); {@code null} if unknown.
     *                     Lets the dashboard end the session as soon as that token is revoked.
     */
    public record Session(String id, String userId, String role, String csrfToken, Instant created, Instant absoluteDeadline,
            String credentialId) {
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(csrfToken, "csrfToken");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(absoluteDeadline, "absoluteDeadline");
        }

        /** Constant-time comparison of a submitted token with this session's. */
        public boolean csrfMatches(String submitted) {
            return submitted != null && MessageDigest.isEqual(csrfToken.getBytes(), submitted.getBytes());
        }

        @Override
        public String toString() {
            return "Session[user=" + userId + ", role=" + role + ", created=" + created + "]";
        }
    }

    private record Entry(Session session, Instant idleDeadline) {}

    private final ConcurrentHashMap<String, Entry> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;

    public DashboardSessions(Clock clock, Duration idle, Duration absolute) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("need 0 < idle <= absolute, got idle " + idle + ", absolute " + absolute);
        }
        this.idle = idle;
        this.absolute = absolute;
    }

    /** Starts a session for a user who just proved who they are. */
    public Session create(String userId, String role) {
        return create(userId, role, null);
    }

    /** Starts a session for a user who just proved who they are with the API token {@code credentialId}. */
    public Session create(String userId, String role, String credentialId) {
        Instant now = clock.instant();
        Session s = new Session(randomToken(), userId, role, randomToken(), now, now.plus(absolute), credentialId);
        sessions.put(s.id(), new Entry(s, now.plus(idle)));
        return s;
    }

    /** The live session of this cookie value, its idle deadline pushed forward; empty if unknown or expired. */
    public Optional<Session> touch(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry e = sessions.computeIfPresent(id, (k, old) -> expired(old, now) ? null : new Entry(old.session(), min(now.plus(idle), old.session().absoluteDeadline())));
        return e == null ? Optional.empty() : Optional.of(e.session());
    }

    public void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Drops every expired session; returns how many. */
    public int purge() {
        Instant now = clock.instant();
        int before = sessions.size();
        sessions.values().removeIf(e -> expired(e, now));
        return before - sessions.size();
    }

    public int size() {
        return sessions.size();
    }

    private static boolean expired(Entry e, Instant now) {
        return !now.isBefore(e.idleDeadline()) || !now.isBefore(e.session().absoluteDeadline());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
