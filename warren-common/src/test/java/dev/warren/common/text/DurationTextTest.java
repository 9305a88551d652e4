package dev.warren.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void theShortestExactForm() {
        assertThat(DurationText.format(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(DurationText.format(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(DurationText.format(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0ms");
    }
}
