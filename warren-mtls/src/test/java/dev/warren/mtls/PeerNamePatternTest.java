package dev.warren.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PeerNamePatternTest {
    @Test
    void exactNamesAreCaseInsensitive() {
        assertThat(new PeerNamePattern("Node1").matches("node1")).isTrue();
        assertThat(new PeerNamePattern("node1").matches("node10")).isFalse();
    }

    @Test
    void aStarStaysWithinOneLabel() {
        PeerNamePattern p = new PeerNamePattern("*.plant.example");
        assertThat(p.matches("a.plant.example")).isTrue();
        assertThat(p.matches("a.b.plant.example")).isFalse();
        assertThat(p.matches("plant.example")).isFalse();
        assertThat(new PeerNamePattern("node*").matches("node7")).isTrue();
    }

    @Test
    void spiffePatternsTakeEverythingUnderAPathAndStayCaseSensitiveInThePath() {
        PeerNamePattern p = new PeerNamePattern("spiffe://plant/*");
        assertThat(p.matches("spiffe://plant/node1")).isTrue();
        assertThat(p.matches("spiffe://plant/agents/node1")).isTrue();
        assertThat(p.matches("SPIFFE://PLANT/node1")).isTrue();
        assertThat(p.matches("spiffe://plant2/node1")).isFalse();
        assertThat(p.matches("spiffe://plant/")).isFalse();
        assertThat(new PeerNamePattern("spiffe://plant/Node1").matches("spiffe://plant/node1")).isFalse();
        assertThat(new PeerNamePattern("spiffe://plant/agents/*/ctl").matches("spiffe://plant/agents/x/ctl")).isTrue();
        assertThat(new PeerNamePattern("spiffe://plant/agents/*/ctl").matches("spiffe://plant/agents/x/y/ctl")).isFalse();
    }

    @Test
    void aUriPatternNeverMatchesAPlainNameOrTheOtherWayRound() {
        assertThat(new PeerNamePattern("spiffe://plant/*").matches("plant")).isFalse();
        assertThat(new PeerNamePattern("node1").matches("spiffe://node1")).isFalse();
    }

    @Test
    void patternsThatMatchEverythingAreRefused() {
        assertThatThrownBy(() -> new PeerNamePattern("*")).hasMessageContaining("--allow-any-name");
        assertThatThrownBy(() -> new PeerNamePattern(" ")).hasMessageContaining("empty");
    }
}
