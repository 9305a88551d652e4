package dev.warren.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th wait is uniform in [0, min(max, initial × 2^n)], at least 50 ms.
 * Thousands of agents that lost the same relay come back spread out, not in one wave.
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    long nextMillis() {
        long bound = initialMillis << Math.min(failures, 20);
        bound = Math.min(Math.max(bound, 1), maxMillis);
        failures++;
        return Math.max(50, ThreadLocalRandom.current().nextLong(bound + 1));
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
