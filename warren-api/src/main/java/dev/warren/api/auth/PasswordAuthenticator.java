package dev.warren.api.auth;

import dev.warren.api.internal.AttemptLimiter;
import dev.warren.pki.SecretHasher;
import dev.warren.store.User;
import dev.warren.store.WarrenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies a user name and password for the web dashboard's sign-in.
 *
 * <p>It tells nobody which user names exist: an unknown name, a user without a password and a wrong password get the
 * same refusal ({@value #REFUSED}) after the same work, one Argon2id verification (against a dummy hash when there
 * is no real one). Failures are limited like API tokens': {@value #MAX_FAILURES} a minute per source host, then that
 * source is refused until the minute ends; and {@value #MAX_NAME_FAILURES} a minute per user name typed (whether or
 * not such a user exists, so the lock-out says nothing either), from any sources, so that guessing spread over many
 * addresses is bounded too. A correct password of a disabled user is refused, not counted. The submitted name is never
 * logged or audited unless it names a user, in case someone typed their password into it.
 */
public final class PasswordAuthenticator {
    static final int MAX_FAILURES = 10;
    static final int MAX_NAME_FAILURES = 20;
    static final int MAX_TRACKED = 10_000;
    static final String REFUSED = "wrong user name or password";
    /** Verified against when there is no real hash, so that every refusal costs one Argon2 run. */
    private static final String NO_USER = "u_nobody";
    private static final String DUMMY_HASH = SecretHasher.hash("warren-dummy-password-for-constant-time");

    /** What a sign-in attempt decided. */
    public sealed interface Result {}

    /**
     * The password is the user's.
     *
     * @param passwordSetAt when the verified password was set: a sign-in that raced a password change compares it
     */
    public record Ok(Principal principal, Instant passwordSetAt) implements Result {
        public Ok {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(passwordSetAt, "passwordSetAt");
        }
    }

    /**
     * Refused; {@code reason} is for the person and the log and never holds the password.
     *
     * @param retryAfter how long the source or name is refused without a check; {@code null} when it may try again
     * @param user       the user the name named, for the audit trail; {@code null} when it named none
     */
    public record Refused(String reason, Duration retryAfter, String user) implements Result {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private final WarrenStore store;
    private final AttemptLimiter sourceFailures;
    private final AttemptLimiter nameFailures;
    private final AtomicLong verifications = new AtomicLong();

    public PasswordAuthenticator(WarrenStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.sourceFailures = new AttemptLimiter(MAX_FAILURES, Duration.ofMinutes(1), MAX_TRACKED, clock);
        this.nameFailures = new AttemptLimiter(MAX_NAME_FAILURES, Duration.ofMinutes(1), MAX_TRACKED, clock);
    }

    /** BLOCKING (store, Argon2). Verifies {@code password} for the user named {@code name}, tried from {@code source}. */
    public Result authenticate(String name, String password, String source) {
        Optional<Duration> blocked = sourceFailures.blockedFor(source);
        if (blocked.isPresent()) {
            return new Refused("too many failed attempts from " + source + "; retry in "
                    + AttemptLimiter.seconds(blocked.get()) + " s", blocked.get(), null);
        }
        String key = nameKey(name);
        Optional<Duration> nameBlocked = nameFailures.blockedFor(key);
        if (nameBlocked.isPresent()) {
            return new Refused("too many failed attempts for this user name; retry in "
                    + AttemptLimiter.seconds(nameBlocked.get()) + " s", nameBlocked.get(), null);
        }
        Optional<User> user = key.isEmpty() ? Optional.empty() : store.users().byName(key);
        // the same two queries whether or not the name exists (then with an id no user has): the same time
        Optional<String> hash = store.users().passwordHash(user.map(User::id).orElse(NO_USER));
        boolean bounded = password != null && password.length() <= Passwords.MAX_LENGTH;
        verifications.incrementAndGet();
        boolean matches = SecretHasher.verify(bounded ? password : "", hash.orElse(DUMMY_HASH));
        if (!matches || hash.isEmpty() || !bounded) {
            sourceFailures.failure(source);
            nameFailures.failure(key);
            return new Refused(REFUSED, null, user.map(User::name).orElse(null));
        }
        // the user was read before the hash: a password changed in between makes the time below older than the hash,
        // which the sign-in's check after creating its session notices
        User u = user.get();
        if (u.disabled()) {
            return new Refused("user '" + u.name() + "' is disabled", null, u.name());
        }
        if (!u.hasPassword()) {
            return new Refused(REFUSED, null, u.name());
        }
        return new Ok(Principal.byPassword(u.id(), u.name(), u.role()), u.passwordChangedAt());
    }

    /** How long {@code source} is still refused for failed attempts; empty if it may try. */
    public Optional<Duration> retryAfter(String source) {
        return sourceFailures.blockedFor(source);
    }

    /** How many Argon2 verifications ran (one per attempt that was not throttled), for tests. */
    long verifications() {
        return verifications.get();
    }

    /** User names are lowercase; what is typed is compared the same way, and bounded. */
    private static String nameKey(String name) {
        if (name == null) {
            return "";
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        return key.length() > 128 ? key.substring(0, 128) : key;
    }
}
