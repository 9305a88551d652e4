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
    /** Waits since the last success: how far the bound has grown. */
    private int waits;
    /** Dials that failed since the last success: what the log numbers (a lost session is a wait, not a failed dial). */
    private int failedDials;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The wait after a dial that failed. */
    long nextMillis() {
        failedDials++;
        return nextWait();
    }

    /** The wait after a session that was up and ended: the first redial that fails is then attempt 1. */
    long afterDisconnect() {
        return nextWait();
    }

    private long nextWait() {
        long bound = initialMillis << Math.min(waits, 20);
        bound = Math.min(Math.max(bound, 1), maxMillis);
        waits++;
        return Math.max(50, ThreadLocalRandom.current().nextLong(bound + 1));
    }

    void reset() {
        waits = 0;
        failedDials = 0;
    }

    int failures() {
        return failedDials;
    }
}
