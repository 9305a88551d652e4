package dev.warren.api.dashboard;

import dev.warren.store.WebSession;
import dev.warren.store.WebSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Server-side dashboard sessions, kept in the store ({@link WebSessions}) so that a relay restart keeps people signed
 * in and any node of a cluster knows a session another node made. A session's id (the cookie value) is 256 random
 * bits; the store keeps only its SHA-256, so a copy of the table opens no session. Each session has a CSRF
 * synchronizer token of 256 random bits and two deadlines: idle (pushed forward by use, at most one store write a
 * minute per session) and absolute (never moved). Expired sessions are deleted on first look; {@link #purge} drops the
 * ones nobody asks about.
 *
 * <p>BLOCKING: every call but the constructor reads or writes the store.
 */
public final class DashboardSessions {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    /** 32 random bytes in base64url: anything else is not a session id and is never looked up. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** The idle deadline is written again only when it would move by more than this: one write a minute at most. */
    static final Duration EXTEND_STEP = Duration.ofMinutes(1);

    /**
     * One signed-in session; toString never shows the id or the token.
     *
     * @param id      the cookie's value; only its hash is stored
     * @param tokenId the API token the user signed in with (its id, never its secret): the session ends when that token
     *                is revoked or expires; {@code null}: the user signed in with their password
     */
    public record Session(String id, String userId, String csrfToken, Instant created, Instant absoluteDeadline,
            String tokenId) {
        public Session {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(csrfToken, "csrfToken");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(absoluteDeadline, "absoluteDeadline");
        }

        /** Whether the user signed in with their password (rather than an API token). */
        public boolean byPassword() {
            return tokenId == null;
        }

        /** Constant-time comparison of a submitted token with this session's. */
        public boolean csrfMatches(String submitted) {
            return submitted != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                    submitted.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Session[user=" + userId + ", " + (byPassword() ? "password" : "token " + tokenId) + ", created="
                    + created + "]";
        }
    }

    private final WebSessions store;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;

    public DashboardSessions(WebSessions store, Clock clock, Duration idle, Duration absolute) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (idle.compareTo(EXTEND_STEP) <= 0 || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("need " + EXTEND_STEP + " < idle <= absolute, got idle " + idle
                    + ", absolute " + absolute);
        }
        this.idle = idle;
        this.absolute = absolute;
    }

    /**
     * Starts a session for a user who just proved who they are, with the API token {@code tokenId} or, when it is
     * {@code null}, with their password.
     */
    public Session create(String userId, String tokenId) {
        Instant now = clock.instant();
        String id = randomToken();
        WebSession stored = store.create(new WebSession(hash(id), userId, tokenId, randomToken(), now, now.plus(idle),
                now.plus(absolute)));
        return session(id, stored);
    }

    /**
     * The live session of this cookie value, its idle deadline pushed forward; empty if unknown, expired or not even
     * shaped like a session id.
     */
    public Optional<Session> touch(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = hash(id);
        Optional<WebSession> found = store.find(hash, now);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        WebSession s = found.get();
        Instant wanted = now.plus(idle);
        if (wanted.isAfter(s.idleDeadline().plus(EXTEND_STEP)) && s.idleDeadline().isBefore(s.absoluteDeadline())
                && !store.extend(hash, now, wanted)) {
            return Optional.empty(); // ended meanwhile (signed out elsewhere)
        }
        return Optional.of(session(id, s));
    }

    /**
     * The live session of this cookie value, its idle deadline left where it is: for the requests a page's script
     * makes on its own (live updates), which say nothing about whether someone is still there.
     */
    public Optional<Session> peek(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return store.find(hash(id), clock.instant()).map(s -> session(id, s));
    }

    /** Ends the session of this cookie value, if any. */
    public void end(String id) {
        if (id != null && ID.matcher(id).matches()) {
            store.delete(hash(id));
        }
    }

    /** Ends the sessions the user signed in with their password (after it changed); returns how many. */
    public int endPasswordSessionsOf(String userId) {
        return store.deletePasswordSessionsOf(userId);
    }

    /** Drops every expired session; returns how many. */
    public int purge() {
        return store.purge(clock.instant());
    }

    /** How many sessions are live, on every node sharing the store. */
    public int size() {
        return store.countLive(clock.instant());
    }

    /** SHA-256 of a session id, in lowercase hex: what the store knows a session by. */
    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Session session(String id, WebSession s) {
        return new Session(id, s.userId(), s.csrfToken(), s.createdAt(), s.absoluteDeadline(), s.tokenId());
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
