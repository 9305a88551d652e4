package dev.warren.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of something that expires (a grant, a token) whose set-up must be done before the expiry it races: the clock
 * starts when the thing is created, and on a loaded machine the set-up alone (starting processes, opening a session)
 * can outlast a short lifetime, which says nothing about the product. An attempt that finds its set-up too late calls
 * {@link #inTime} and is run again with twice the lifetime, a bounded number of times; a fast machine pays only the
 * first, short lifetime, and what the check proves (allowed before, cut and refused after) is the same at every length.
 */
public final class ExpiryRace {
    private ExpiryRace() {}

    /** One try of the check with something that lives {@code lifetime}. */
    @FunctionalInterface
    public interface Attempt {
        void run(Duration lifetime) throws Exception;
    }

    /** An attempt whose set-up was not done in time: not a failure of the product, a reason to try longer. */
    public static final class SetUpTooSlow extends RuntimeException {
        SetUpTooSlow(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code attempt} with {@code first}, then with twice as long each time it reports its set-up too slow, at
     * most {@code attempts} times; every other failure fails at once.
     */
    public static void run(Duration first, int attempts, Attempt attempt) throws Exception {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        List<String> late = new ArrayList<>();
        Duration lifetime = first;
        for (int i = 0; i < attempts; i++) {
            try {
                attempt.run(lifetime);
                return;
            } catch (SetUpTooSlow e) {
                late.add(lifetime.toSeconds() + " s: " + e.getMessage());
                System.err.println("ExpiryRace: set-up too late with " + lifetime.toSeconds() + " s, trying "
                        + lifetime.multipliedBy(2).toSeconds() + " s: " + e.getMessage());
                lifetime = lifetime.multipliedBy(2);
            }
        }
        throw new AssertionError("the set-up never finished before the expiry it races (" + attempts + " tries): "
                + String.join("; ", late));
    }

    /** Throws {@link SetUpTooSlow} unless it is still at least {@code margin} before {@code expiry}. */
    public static void inTime(Instant expiry, Duration margin, String what) {
        Instant now = Instant.now();
        if (now.plus(margin).isAfter(expiry)) {
            throw new SetUpTooSlow(what + " at " + now + ", " + Duration.between(now, expiry).toMillis()
                    + " ms before the expiry at " + expiry + " (needs " + margin.toMillis() + " ms)");
        }
    }
}
