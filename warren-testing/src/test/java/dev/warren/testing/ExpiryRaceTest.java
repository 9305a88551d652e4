package dev.warren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryRaceTest {
    @Test
    void aLateSetUpIsTriedAgainWithTwiceTheLifetime() throws Exception {
        List<Duration> tried = new ArrayList<>();
        ExpiryRace.run(Duration.ofSeconds(4), 3, lifetime -> {
            tried.add(lifetime);
            if (tried.size() < 3) {
                ExpiryRace.inTime(Instant.now(), Duration.ofSeconds(1), "set-up");
            }
        });
        assertThat(tried).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));
    }

    @Test
    void triesAreBoundedAndTheFailureSaysWhy() {
        assertThatThrownBy(() -> ExpiryRace.run(Duration.ofSeconds(1), 2, lifetime -> ExpiryRace.inTime(
                Instant.now().minusSeconds(1), Duration.ZERO, "the session was up")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("2 tries")
                .hasMessageContaining("1 s: the session was up at").hasMessageContaining("2 s: the session was up at");
    }

    @Test
    void aRealFailureIsNotTriedAgain() {
        List<Duration> tried = new ArrayList<>();
        assertThatThrownBy(() -> ExpiryRace.run(Duration.ofSeconds(1), 3, lifetime -> {
            tried.add(lifetime);
            throw new AssertionError("refused before the expiry");
        })).hasMessage("refused before the expiry");
        assertThat(tried).hasSize(1);
    }

    @Test
    void inTimeWithTimeToSpareSaysNothing() {
        ExpiryRace.inTime(Instant.now().plusSeconds(60), Duration.ofSeconds(1), "set-up");
    }
}
