package dev.warren.cli;

import dev.warren.store.Grant;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/**
 * How long a grant lasts ({@code --for}): a {@link Durations duration} from 1 s to {@link Grant#MAX_DURATION}, refused
 * here in the option's terms rather than by the API in its field's ({@code ttlSeconds: 8640000 (expected: ...)}).
 */
final class GrantDurations implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = new Durations().convert(value);
        String max = Durations.format(Grant.MAX_DURATION);
        if (d.compareTo(Grant.MAX_DURATION) > 0) {
            throw BadValue.of(value + " is more than " + max + " (expected: at most " + max + ")");
        }
        if (d.toSeconds() < 1) {
            throw BadValue.of(value + " is less than 1s (expected: 1s to " + max + ")");
        }
        return d;
    }
}
