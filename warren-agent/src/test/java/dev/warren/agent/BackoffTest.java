package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The log's "attempt N" counts failed dials; the waits grow with every wait, a lost session's too. */
class BackoffTest {
    @Test
    void theFirstRedialAfterADisconnectIsAttemptOne() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
        backoff.afterDisconnect();
        assertThat(backoff.failures()).isZero();
        backoff.nextMillis();
        assertThat(backoff.failures()).isEqualTo(1);
        backoff.nextMillis();
        assertThat(backoff.failures()).isEqualTo(2);
        backoff.reset();
        assertThat(backoff.failures()).isZero();
    }

    @Test
    void aDisconnectStillGrowsTheWait() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMinutes(1));
        // after a disconnect and 5 failed dials the bound is 100 ms × 2^6 = 6.4 s; without the disconnect's step, 3.2 s
        long longest = 0;
        for (int run = 0; run < 200; run++) {
            backoff.reset();
            backoff.afterDisconnect();
            for (int i = 0; i < 5; i++) {
                backoff.nextMillis();
            }
            long wait = backoff.nextMillis();
            assertThat(wait).isBetween(50L, 6_400L);
            longest = Math.max(longest, wait);
        }
        assertThat(longest).isGreaterThan(3_200L);
    }
}
