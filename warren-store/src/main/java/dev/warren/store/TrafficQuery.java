package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A filter for {@link Traffic#query}: buckets that start in {@code [from, to)}, summed into steps of
 * {@code stepSeconds}, one series per {@link Grouping}.
 *
 * @param deviceIds {@code null}: every device; otherwise only these (an empty set matches nothing)
 * @param service   {@code null}: every service
 * @param stepSeconds a multiple of 60, at most 31 days; rows older than a day are hourly, so a finer step shows them
 *                  in the step their hour starts in
 */
public record TrafficQuery(Instant from, Instant to, int stepSeconds, Set<String> deviceIds, String service,
        Grouping grouping) {
    /** Most steps one query may span. */
    public static final int MAX_STEPS = 10_000;
    public static final int MAX_STEP_SECONDS = 31 * 24 * 3600;

    /** Which series a query returns. */
    public enum Grouping {
        /** One series: everything that matches, summed. */
        TOTAL,
        /** One series per device. */
        DEVICE,
        /** One series per device and service. */
        SERVICE
    }

    public TrafficQuery {
        Checks.notNull("from", from);
        Checks.notNull("to", to);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to: " + to + " (expected: after from " + from + ")");
        }
        if (stepSeconds < Traffic.MINUTE || stepSeconds % Traffic.MINUTE != 0 || stepSeconds > MAX_STEP_SECONDS) {
            throw new IllegalArgumentException("step: " + stepSeconds + " s (expected: a multiple of 60, 60.."
                    + MAX_STEP_SECONDS + ")");
        }
        long steps = Duration.between(from, to).getSeconds() / stepSeconds + 1;
        if (steps > MAX_STEPS) {
            throw new IllegalArgumentException("from..to: " + steps + " steps of " + stepSeconds + " s (expected: at most "
                    + MAX_STEPS + "; use a larger step)");
        }
        if (deviceIds != null) {
            deviceIds = Set.copyOf(deviceIds);
            deviceIds.forEach(id -> Checks.text("deviceId", id, Checks.ID));
        }
        Checks.optionalText("service", service, Checks.NAME);
        Checks.notNull("grouping", grouping);
    }
}
