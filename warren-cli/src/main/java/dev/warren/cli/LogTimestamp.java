package dev.warren.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A log line's time, {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX}, with the date, the time to the second and the zone offset
 * formatted once per second: lines within a second differ only in their milliseconds. {@code DateTimeFormatter} for
 * every line was about half of what formatting the agent's line per stream cost (docs/BENCHMARKS.md, "the agent per
 * stream and per round trip"). An offset changes only at a whole second, so it is the same for every millisecond of
 * the second it was formatted for. Safe for any number of threads: the cache is one immutable value.
 */
final class LogTimestamp {
    private static final DateTimeFormatter TO_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX");

    /** What is the same for every line of one second, in one zone. */
    private record Second(long epochSecond, ZoneId zone, String toSecond, String offset) {}

    private volatile Second last;

    /** Appends the time {@code millis} (since the epoch) in {@code zone}. */
    void append(StringBuilder line, long millis, ZoneId zone) {
        long epochSecond = Math.floorDiv(millis, 1000L);
        int milli = (int) Math.floorMod(millis, 1000L);
        Second second = last;
        if (second == null || second.epochSecond() != epochSecond || !second.zone().equals(zone)) {
            ZonedDateTime time = Instant.ofEpochSecond(epochSecond).atZone(zone);
            second = new Second(epochSecond, zone, TO_SECOND.format(time), OFFSET.format(time));
            last = second;
        }
        line.append(second.toSecond()).append('.');
        if (milli < 100) {
            line.append(milli < 10 ? "00" : "0");
        }
        line.append(milli).append(second.offset());
    }
}
