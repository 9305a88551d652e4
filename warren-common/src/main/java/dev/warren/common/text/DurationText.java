package dev.warren.common.text;

import java.time.Duration;

/** A duration as people write it on Warren's command lines ({@code 10s}, {@code 6h}), not ISO-8601's {@code PT6H}. */
public final class DurationText {
    private DurationText() {}

    /** The shortest exact form: {@code 1500ms}, {@code 10s}, {@code 5m}, {@code 6h}, {@code 7d}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 || ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }
}
