package dev.warren.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.api.MutableClock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DashboardSessionsTest {
    private final MutableClock clock = new MutableClock();
    private final DashboardSessions sessions = new DashboardSessions(clock, Duration.ofMinutes(30), Duration.ofHours(8));

    @Test
    void idsAndTokensAre256RandomBits() {
        DashboardSessions.Session a = sessions.create("u_1", "admin");
        DashboardSessions.Session b = sessions.create("u_1", "admin");
        assertThat(Base64.getUrlDecoder().decode(a.id())).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(a.csrfToken())).hasSize(32);
        assertThat(a.id()).isNotEqualTo(b.id()).isNotEqualTo(a.csrfToken());
        assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrfToken());
    }

    @Test
    void idleExpiryIsPushedByUse() {
        String id = sessions.create("u_1", "operator").id();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(id)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(id)).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.touch(id)).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void absoluteExpiryHoldsWhateverTheUse() {
        String id = sessions.create("u_1", "operator").id();
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.touch(id)).isPresent();
        }
        clock.advance(Duration.ofMinutes(29)); // 8 h 13 min after sign-in
        assertThat(sessions.touch(id)).isEmpty();
    }

    @Test
    void csrfTokenComparedWhole() {
        DashboardSessions.Session s = sessions.create("u_1", "admin");
        assertThat(s.csrfMatches(s.csrfToken())).isTrue();
        assertThat(s.csrfMatches(null)).isFalse();
        assertThat(s.csrfMatches("")).isFalse();
        assertThat(s.csrfMatches(s.csrfToken().substring(1))).isFalse();
    }

    @Test
    void signOutAndPurge() {
        String a = sessions.create("u_1", "admin").id();
        sessions.create("u_2", "auditor");
        sessions.end(a);
        assertThat(sessions.touch(a)).isEmpty();
        assertThat(sessions.touch("unknown")).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(sessions.purge()).isEqualTo(1);
    }

    @Test
    void refusesIdleLongerThanAbsolute() {
        assertThatThrownBy(() -> new DashboardSessions(clock, Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("idle");
    }
}
