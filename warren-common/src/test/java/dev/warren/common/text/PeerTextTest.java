package dev.warren.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerTextTest {
    @Test
    void controlCharactersCannotForgeLogLines() {
        assertThat(PeerText.clean("closed\n2026-11-23 INFO forged", 100)).isEqualTo("closed?2026-11-23 INFO forged");
        assertThat(PeerText.clean("a\u0000b\u001b[31m", 100)).isEqualTo("a?b?[31m");
    }

    @Test
    void longTextIsCut() {
        assertThat(PeerText.clean("x".repeat(1000), 10)).isEqualTo("xxxxxxx...");
        assertThat(PeerText.clean("short", 10)).isEqualTo("short");
        assertThat(PeerText.clean(null, 10)).isNull();
    }
}
