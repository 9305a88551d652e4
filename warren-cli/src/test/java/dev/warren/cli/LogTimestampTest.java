package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cached time prints what the line's pattern prints, also across seconds, zones and offset changes. */
class LogTimestampTest {
    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    @Test
    void sameAsThePatternForEveryMillisecondShape() {
        LogTimestamp timestamp = new LogTimestamp();
        long base = 1_795_000_123_000L;
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"),
                ZoneId.of("America/St_Johns"), ZoneId.systemDefault())) {
            for (long millis : new long[] {base, base + 7, base + 42, base + 999, base + 1_000, base + 1_005, base + 7,
                    0L, -1L, -999L, -1_000L, -1_001L}) {
                assertThat(format(timestamp, millis, zone)).as(millis + " in " + zone).isEqualTo(pattern(millis, zone));
            }
        }
    }

    @Test
    void offsetFollowsADaylightSavingChangeAtItsSecond() {
        LogTimestamp timestamp = new LogTimestamp();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        long change = Instant.parse("2026-03-29T01:00:00Z").toEpochMilli(); // 03:00 +02:00, was 02:00 +01:00
        for (long millis = change - 1_500; millis <= change + 1_500; millis += 250) {
            assertThat(format(timestamp, millis, berlin)).as(Instant.ofEpochMilli(millis).toString())
                    .isEqualTo(pattern(millis, berlin));
        }
        assertThat(format(timestamp, change - 1, berlin)).isEqualTo("2026-03-29T01:59:59.999+01:00");
        assertThat(format(timestamp, change, berlin)).isEqualTo("2026-03-29T03:00:00.000+02:00");
    }

    private static String format(LogTimestamp timestamp, long millis, ZoneId zone) {
        StringBuilder line = new StringBuilder();
        timestamp.append(line, millis, zone);
        return line.toString();
    }

    private static String pattern(long millis, ZoneId zone) {
        return PATTERN.format(Instant.ofEpochMilli(millis).atZone(zone));
    }
}
