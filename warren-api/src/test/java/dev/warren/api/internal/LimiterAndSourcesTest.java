package dev.warren.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.api.MutableClock;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LimiterAndSourcesTest {

    @ParameterizedTest
    @CsvSource({
            "1.2.3.4, 1.2.3.4",
            "1.2.3.4:5678, 1.2.3.4",
            "[::1]:443, ::1",
            "::1, ::1",
            "0:0:0:0:0:0:0:1, 0:0:0:0:0:0:0:1",
            "0:0:0:0:0:0:0:1:5678, 0:0:0:0:0:0:0:1",
            "2001:db8:0:0:0:0:0:1, 2001:db8:0:0:0:0:0:1",
    })
    void sourcesDropThePort(String source, String key) {
        assertThat(Sources.key(source)).isEqualTo(key);
    }

    @Test
    void blocksAfterTheLimitUntilTheWindowEnds() {
        MutableClock clock = new MutableClock();
        AttemptLimiter limiter = new AttemptLimiter(3, Duration.ofMinutes(1), 100, clock);
        limiter.failure("10.0.0.1:1");
        limiter.failure("10.0.0.1:2");
        assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        limiter.failure("10.0.0.1:3");
        assertThat(limiter.blockedFor("10.0.0.1:9")).hasValue(Duration.ofSeconds(40));
        assertThat(limiter.blockedFor("10.0.0.2")).isEmpty();
        clock.advance(Duration.ofSeconds(40));
        assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
        limiter.failure("10.0.0.1");
        assertThat(limiter.blockedFor("10.0.0.1")).isEmpty();
    }

    @Test
    void theNumberOfSourcesIsBounded() {
        MutableClock clock = new MutableClock();
        AttemptLimiter limiter = new AttemptLimiter(1, Duration.ofMinutes(1), 10, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.failure("10.0." + (i / 256) + "." + (i % 256));
        }
        // forgotten sources may try again; the newest are still blocked
        assertThat(limiter.blockedFor("10.0.3.231")).isPresent();
        assertThat(AttemptLimiter.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(AttemptLimiter.seconds(Duration.ofMillis(1001))).isEqualTo(2);
    }
}
