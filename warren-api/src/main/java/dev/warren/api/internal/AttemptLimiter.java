package dev.warren.api.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed attempts per source address in fixed windows: after {@code maxFailures} failures within
 * {@code window}, the source is refused until that window ends. The number of sources tracked is bounded, so a
 * flood of addresses cannot exhaust memory; when full, finished windows are dropped first, then everything (which
 * at worst forgets some counts, never refuses an innocent source).
 */
public final class AttemptLimiter {
    private final int maxFailures;
    private final Duration window;
    private final int maxSources;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {}

    public AttemptLimiter(int maxFailures, Duration window, int maxSources, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures: " + maxFailures + " (expected: >= 1)");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        if (maxSources < 1) {
            throw new IllegalArgumentException("maxSources: " + maxSources + " (expected: >= 1)");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxSources = maxSources;
        this.clock = clock;
    }

    /** How long {@code source} is still refused; empty if it may try. */
    public Optional<Duration> blockedFor(String source) {
        Window w = windows.get(Sources.key(source));
        if (w == null || w.failures() < maxFailures) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), w.start().plus(window));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    /** Counts one failure from {@code source}. */
    public void failure(String source) {
        Instant now = clock.instant();
        if (windows.size() >= maxSources) {
            prune(now);
        }
        windows.compute(Sources.key(source), (k, w) -> w == null || !now.isBefore(w.start().plus(window))
                ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
    }

    /** Whole seconds, rounded up, for messages and {@code Retry-After}. */
    public static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private void prune(Instant now) {
        windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        if (windows.size() >= maxSources) {
            windows.clear();
        }
    }
}
