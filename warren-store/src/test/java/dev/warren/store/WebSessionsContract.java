package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

interface WebSessionsContract extends StoreAccess {
    Duration IDLE = Duration.ofMinutes(30);
    Duration ABSOLUTE = Duration.ofHours(12);

    private WebSessions sessions() {
        return store().webSessions();
    }

    private static String randomHash() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A session of a new user, created at {@code at}, signed in with a token ({@code token}) or a password. */
    private WebSession newSession(Instant at, boolean token) {
        User u = store().users().create(unique("web"), Role.OPERATOR);
        return sessions().create(new WebSession(randomHash(), u.id(), token ? "0123456789abcdef" : null,
                "csrf-" + unique("t"), at, at.plus(IDLE), at.plus(ABSOLUTE)));
    }

    @Test
    default void aSessionIsFoundByItsHashWhileLive() {
        Instant t0 = now();
        WebSession s = newSession(t0, true);
        assertThat(sessions().find(s.idHash(), t0.plusSeconds(60))).contains(s);
        assertThat(sessions().find(randomHash(), t0)).isEmpty();
        assertThat(sessions().countLive(t0)).isPositive();
    }

    @Test
    default void anIdleSessionEndsAndIsDeletedOnTheWay() {
        Instant t0 = now();
        WebSession s = newSession(t0, false);
        assertThat(sessions().find(s.idHash(), t0.plus(IDLE))).isEmpty();
        // deleted: even a clock going back does not find it again
        assertThat(sessions().find(s.idHash(), t0)).isEmpty();
    }

    @Test
    default void useMovesTheIdleDeadlineButNeverPastTheAbsoluteOne() {
        Instant t0 = now();
        WebSession s = newSession(t0, true);
        Instant t1 = t0.plus(IDLE).minusSeconds(1);
        assertThat(sessions().extend(s.idHash(), t1, t1.plus(IDLE))).isTrue();
        assertThat(sessions().find(s.idHash(), t0.plus(IDLE).plusSeconds(60)).orElseThrow().idleDeadline())
                .isEqualTo(t1.plus(IDLE));
        // never backwards
        assertThat(sessions().extend(s.idHash(), t1, t0.plusSeconds(1))).isTrue();
        assertThat(sessions().find(s.idHash(), t1).orElseThrow().idleDeadline()).isEqualTo(t1.plus(IDLE));
        // never past the absolute deadline
        Instant late = t0.plus(ABSOLUTE).minusSeconds(10);
        assertThat(sessions().extend(s.idHash(), t1, late.plus(IDLE))).isTrue();
        assertThat(sessions().find(s.idHash(), late).orElseThrow().idleDeadline()).isEqualTo(t0.plus(ABSOLUTE));
        assertThat(sessions().find(s.idHash(), t0.plus(ABSOLUTE))).isEmpty();
        assertThat(sessions().extend(s.idHash(), t0.plus(ABSOLUTE), t0.plus(ABSOLUTE).plus(IDLE))).isFalse();
    }

    @Test
    default void anExpiredSessionIsNotExtended() {
        Instant t0 = now();
        WebSession s = newSession(t0, true);
        assertThat(sessions().extend(s.idHash(), t0.plus(IDLE), t0.plus(IDLE).plus(IDLE))).isFalse();
        assertThat(sessions().find(s.idHash(), t0)).contains(s);
    }

    @Test
    default void deleteEndsOneSession() {
        Instant t0 = now();
        WebSession s = newSession(t0, true);
        assertThat(sessions().delete(s.idHash())).isTrue();
        assertThat(sessions().delete(s.idHash())).isFalse();
        assertThat(sessions().find(s.idHash(), t0)).isEmpty();
    }

    @Test
    default void aPasswordChangeEndsThePasswordSessionsOfThatUserOnly() {
        Instant t0 = now();
        WebSession byPassword = newSession(t0, false);
        WebSession byToken = sessions().create(new WebSession(randomHash(), byPassword.userId(), "fedcba9876543210",
                "csrf", t0, t0.plus(IDLE), t0.plus(ABSOLUTE)));
        WebSession other = newSession(t0, false);
        assertThat(sessions().deletePasswordSessionsOf(byPassword.userId())).isEqualTo(1);
        assertThat(sessions().find(byPassword.idHash(), t0)).isEmpty();
        assertThat(sessions().find(byToken.idHash(), t0)).contains(byToken);
        assertThat(sessions().find(other.idHash(), t0)).contains(other);
    }

    @Test
    default void purgeDeletesExpiredSessionsOnly() {
        Instant t0 = now().minus(Duration.ofDays(400)); // older than every other test's sessions
        WebSession old = newSession(t0, true);
        WebSession live = newSession(now(), true);
        int before = sessions().countLive(now());
        assertThat(sessions().purge(now())).isGreaterThanOrEqualTo(1);
        assertThat(sessions().find(old.idHash(), t0)).isEmpty();
        assertThat(sessions().find(live.idHash(), now())).contains(live);
        assertThat(sessions().countLive(now())).isEqualTo(before);
    }

    @Test
    default void aSessionNeedsAUserAndAUniqueHash() {
        Instant t0 = now();
        assertThatThrownBy(() -> sessions().create(new WebSession(randomHash(), "u_missing", null, "csrf", t0,
                t0.plus(IDLE), t0.plus(ABSOLUTE)))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("u_missing");
        WebSession s = newSession(t0, true);
        assertThatThrownBy(() -> sessions().create(s)).isInstanceOf(DuplicateNameException.class);
    }

    @Test
    default void theRecordChecksItsHashAndDeadlinesAndPrintsNoSecret() {
        Instant t0 = now();
        assertThatThrownBy(() -> new WebSession("not-a-hash", "u_1", null, "csrf", t0, t0.plus(IDLE),
                t0.plus(ABSOLUTE))).hasMessage("idHash: **** (expected: 64 lowercase hex digits, the SHA-256 of the"
                        + " session id)");
        assertThatThrownBy(() -> new WebSession(randomHash(), "u_1", null, "csrf", t0, t0.plus(ABSOLUTE).plusSeconds(1),
                t0.plus(ABSOLUTE))).hasMessageContaining("expected: created < idle <= absolute");
        WebSession s = new WebSession(randomHash(), "u_1", null, "csrf-secret", t0, t0.plus(IDLE), t0.plus(ABSOLUTE));
        assertThat(s.toString()).doesNotContain("csrf-secret").doesNotContain(s.idHash());
    }
}
