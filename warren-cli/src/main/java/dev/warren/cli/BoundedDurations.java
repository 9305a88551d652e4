package dev.warren.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * A {@link Durations duration} the relay accepts only within bounds, refused here in the option's terms
 * ({@code 100d is more than 90d}) rather than by the API in its field's ({@code ttlSeconds: 8640000 (expected: ...)}).
 * One subclass per bound: picocli makes converters by their class.
 */
abstract class BoundedDurations implements ITypeConverter<Duration> {
    private final Duration min;
    private final Duration max;

    BoundedDurations(Duration min, Duration max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Duration convert(String value) {
        Duration d = new Durations().convert(value);
        String low = Durations.format(min);
        String high = Durations.format(max);
        if (d.compareTo(max) > 0) {
            throw BadValue.of(value + " is more than " + high + " (expected: at most " + high + ")");
        }
        if (d.compareTo(min) < 0) {
            throw BadValue.of(value + " is less than " + low + " (expected: " + low + " to " + high + ")");
        }
        return d;
    }

    /** An enrollment token's life: what {@code POST /api/v1/enroll-tokens} accepts. */
    static final class EnrollToken extends BoundedDurations {
        EnrollToken() {
            super(Duration.ofSeconds(1), Duration.ofDays(30));
        }
    }

    /** A user certificate's life: what {@code POST /api/v1/users/{user}/certificates} accepts. */
    static final class UserCertificate extends BoundedDurations {
        UserCertificate() {
            super(Duration.ofMinutes(5), Duration.ofDays(365));
        }
    }

    /** An API token's life: what {@code POST /api/v1/users/{user}/tokens} (and a new user's token) accepts. */
    static final class ApiToken extends BoundedDurations {
        ApiToken() {
            super(Duration.ofMinutes(1), Duration.ofDays(3650));
        }
    }
}
