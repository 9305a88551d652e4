package dev.warren.api.auth;

import dev.warren.api.internal.AttemptLimiter;
import dev.warren.pki.SecretHasher;
import dev.warren.store.ApiToken;
import dev.warren.store.User;
import dev.warren.store.WarrenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies API tokens ({@code wat1.<id>.<secret>}) for the REST API and for operator sessions.
 *
 * <p>Every call reads the token and its user from the store, so a revocation or a disabled user takes effect at
 * once, on every relay node of a cluster. Only the Argon2 verification, the expensive part, is cached: keyed by the
 * SHA-256 of the whole token, for {@value #CACHE_SECONDS} s, at most {@value #MAX_CACHED} tokens. A use is recorded
 * in the store at most once a minute per token.
 *
 * <p>Attempts that do not prove possession of a secret (malformed, unknown id, wrong secret) count as failures per
 * source host; after {@value #MAX_FAILURES} within a minute the source is refused without any check until the
 * minute ends. A correct secret for a revoked or expired token is refused but not counted: nothing is being guessed.
 * Wrong secrets for a real token also count against the token's user: after {@value #MAX_USER_FAILURES} within a
 * minute (from any sources) that user's tokens are refused until the minute ends, so that guessing spread over many
 * addresses is bounded too. (Token ids are not secret; the price is that such a flood locks the user out briefly.)
 */
public final class TokenAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(TokenAuthenticator.class);
    static final int CACHE_SECONDS = 60;
    static final int MAX_CACHED = 10_000;
    static final int MAX_FAILURES = 10;
    static final int MAX_USER_FAILURES = 20;
    static final Duration USE_RECORD_INTERVAL = Duration.ofMinutes(1);
    static final String MALFORMED = "malformed API token (expected wat1.<id>.<secret>)";
    static final String UNKNOWN = "API token unknown";
    /** Verified against when the id is unknown, so that an unknown id takes as long as a wrong secret. */
    private static final String DUMMY_HASH = SecretHasher.hash("warren-dummy-secret-for-constant-time");

    private final WarrenStore store;
    private final Clock clock;
    private final AttemptLimiter failures;
    private final AttemptLimiter userFailures;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Instant> lastRecordedUse = new ConcurrentHashMap<>();
    private final AtomicLong hashes = new AtomicLong();

    /** A successful Argon2 verification of one token against one stored hash. */
    private record Verified(String tokenId, String secretHash, Instant at) {}

    public TokenAuthenticator(WarrenStore store, Clock clock) {
        this(store, clock, new AttemptLimiter(MAX_FAILURES, Duration.ofMinutes(1), MAX_CACHED, clock));
    }

    TokenAuthenticator(WarrenStore store, Clock clock, AttemptLimiter failures) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.userFailures = new AttemptLimiter(MAX_USER_FAILURES, Duration.ofMinutes(1), MAX_CACHED, clock);
    }

    /**
     * BLOCKING (store, Argon2). Verifies {@code token} presented from {@code sourceAddress} (a host, or host:port).
     * The reason of a refusal never holds the secret.
     */
    public AuthResult authenticate(String token, String sourceAddress) {
        Optional<Duration> blocked = failures.blockedFor(sourceAddress);
        if (blocked.isPresent()) {
            return new AuthResult.Refused("too many failed attempts from " + sourceAddress + "; retry in "
                    + AttemptLimiter.seconds(blocked.get()) + " s");
        }
        Optional<ApiTokens.Parsed> parsed = ApiTokens.parse(token);
        if (parsed.isEmpty()) {
            return failed(sourceAddress, MALFORMED);
        }
        Instant now = clock.instant();
        String key = sha256(token);
        Optional<ApiToken> stored = store.users().tokenById(parsed.get().id());
        if (stored.isEmpty()) {
            SecretHasher.verify(parsed.get().secret(), DUMMY_HASH);
            return failed(sourceAddress, UNKNOWN);
        }
        ApiToken apiToken = stored.get();
        Optional<Duration> userBlocked = userFailures.blockedFor(apiToken.userId());
        if (userBlocked.isPresent()) {
            return new AuthResult.Refused("too many failed attempts for the user of API token " + apiToken.id()
                    + "; retry in " + AttemptLimiter.seconds(userBlocked.get()) + " s");
        }
        if (!verify(key, parsed.get().secret(), apiToken, now)) {
            userFailures.failure(apiToken.userId());
            return failed(sourceAddress, UNKNOWN);
        }
        if (apiToken.revokedAt() != null) {
            return new AuthResult.Refused("API token revoked");
        }
        if (apiToken.expiresAt() != null && !now.isBefore(apiToken.expiresAt())) {
            return new AuthResult.Refused("API token expired at " + apiToken.expiresAt().truncatedTo(ChronoUnit.SECONDS));
        }
        Optional<User> user = store.users().byId(apiToken.userId());
        if (user.isEmpty()) {
            return new AuthResult.Refused(UNKNOWN);
        }
        if (user.get().disabled()) {
            return new AuthResult.Refused("user '" + user.get().name() + "' is disabled");
        }
        recordUse(apiToken.id(), now);
        return new AuthResult.Ok(new Principal(user.get().id(), user.get().name(), user.get().role(), apiToken.id()));
    }

    /**
     * How long {@code sourceAddress} is still refused for failed attempts; empty if it may try. Lets the REST API
     * answer 429 instead of 401.
     */
    public Optional<Duration> retryAfter(String sourceAddress) {
        return failures.blockedFor(sourceAddress);
    }

    /** Forgets cached verifications of the token, e.g. after revoking it. */
    public void invalidate(String tokenId) {
        verified.values().removeIf(v -> v.tokenId().equals(tokenId));
        lastRecordedUse.remove(tokenId);
    }

    /** How many Argon2 verifications of stored hashes ran (for tests of the cache). */
    long argon2Verifications() {
        return hashes.get();
    }

    private boolean verify(String key, String secret, ApiToken token, Instant now) {
        Verified cached = verified.get(key);
        if (cached != null && cached.tokenId().equals(token.id()) && cached.secretHash().equals(token.secretHash())
                && now.isBefore(cached.at().plusSeconds(CACHE_SECONDS)) && !now.isBefore(cached.at())) {
            return true;
        }
        hashes.incrementAndGet();
        if (!SecretHasher.verify(secret, token.secretHash())) {
            verified.remove(key);
            return false;
        }
        if (verified.size() >= MAX_CACHED) {
            verified.values().removeIf(v -> !now.isBefore(v.at().plusSeconds(CACHE_SECONDS)));
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
        }
        verified.put(key, new Verified(token.id(), token.secretHash(), now));
        return true;
    }

    private void recordUse(String tokenId, Instant now) {
        Instant last = lastRecordedUse.get(tokenId);
        if (last != null && now.isBefore(last.plus(USE_RECORD_INTERVAL)) && !now.isBefore(last)) {
            return;
        }
        if (lastRecordedUse.size() >= MAX_CACHED) {
            lastRecordedUse.clear();
        }
        lastRecordedUse.put(tokenId, now);
        try {
            store.users().tokenUsed(tokenId, now);
        } catch (RuntimeException e) {
            // a lost "last used" time must not refuse a valid token
            log.warn("API token {}: cannot record its use: {}", tokenId, e.getMessage());
        }
    }

    private AuthResult failed(String source, String reason) {
        failures.failure(source);
        return new AuthResult.Refused(reason);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
