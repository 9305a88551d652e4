package dev.warren.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.api.EmbeddedStoreTest;
import dev.warren.api.MutableClock;
import dev.warren.store.Role;
import dev.warren.store.StoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dashboard sessions on a real (embedded) store: ids, expiry, sign-out, and what the table holds. */
class DashboardSessionsTest extends EmbeddedStoreTest {
    static String alice;
    static String bob;

    private final MutableClock clock = new MutableClock();
    private final DashboardSessions sessions = new DashboardSessions(store.webSessions(), clock,
            Duration.ofMinutes(30), Duration.ofHours(8));

    @BeforeAll
    static void users() {
        alice = store.users().create("alice", Role.ADMIN).id();
        bob = store.users().create("bob", Role.AUDITOR).id();
    }

    @Test
    void peekingFindsASessionWithoutPushingItsIdleDeadline() {
        DashboardSessions.Session s = sessions.create(alice, "0123456789abcdef");
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.peek(s.id())).map(DashboardSessions.Session::csrfToken).contains(s.csrfToken());
        clock.advance(Duration.ofMinutes(11));
        assertThat(sessions.peek(s.id())).as("31 minutes after the last use").isEmpty();
        assertThat(sessions.touch(s.id())).isEmpty();
        assertThat(sessions.peek("not a session id")).isEmpty();
        assertThat(sessions.peek(null)).isEmpty();
    }

    @Test
    void idsAndTokensAre256RandomBits() {
        DashboardSessions.Session a = sessions.create(alice, "0123456789abcdef");
        DashboardSessions.Session b = sessions.create(alice, null);
        assertThat(Base64.getUrlDecoder().decode(a.id())).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(a.csrfToken())).hasSize(32);
        assertThat(a.id()).isNotEqualTo(b.id()).isNotEqualTo(a.csrfToken());
        assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrfToken()).contains("token 0123456789abcdef");
        assertThat(b.byPassword()).isTrue();
        assertThat(b.toString()).contains("password");
    }

    @Test
    void aSessionIsFoundAgainByAnotherInstanceOnTheSameStore() {
        DashboardSessions.Session s = sessions.create(alice, "0123456789abcdef");
        DashboardSessions otherNode = new DashboardSessions(store.webSessions(), clock, Duration.ofMinutes(30),
                Duration.ofHours(8));
        DashboardSessions.Session found = otherNode.touch(s.id()).orElseThrow();
        assertThat(found.userId()).isEqualTo(alice);
        assertThat(found.csrfToken()).isEqualTo(s.csrfToken());
        assertThat(found.tokenId()).isEqualTo("0123456789abcdef");
        otherNode.end(s.id());
        assertThat(sessions.touch(s.id())).isEmpty();
    }

    @Test
    void idleExpiryIsPushedByUse() {
        String id = sessions.create(bob, null).id();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(id)).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(id)).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.touch(id)).isEmpty();
        clock.advance(Duration.ofMinutes(-30)); // gone from the store, not just expired
        assertThat(sessions.touch(id)).isEmpty();
    }

    @Test
    void useWithinAMinuteDoesNotWriteButStillCounts() {
        String id = sessions.create(bob, null).id();
        clock.advance(Duration.ofSeconds(50));
        assertThat(sessions.touch(id)).isPresent(); // idle deadline not rewritten: it would move by 50 s only
        clock.advance(Duration.ofMinutes(29).plusSeconds(20)); // 30 min 10 s after sign-in
        assertThat(sessions.touch(id)).isEmpty();
    }

    @Test
    void absoluteExpiryHoldsWhateverTheUse() {
        String id = sessions.create(bob, null).id();
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertThat(sessions.touch(id)).isPresent();
        }
        clock.advance(Duration.ofMinutes(29)); // 8 h 13 min after sign-in
        assertThat(sessions.touch(id)).isEmpty();
    }

    @Test
    void csrfTokenComparedWhole() {
        DashboardSessions.Session s = sessions.create(alice, null);
        assertThat(s.csrfMatches(s.csrfToken())).isTrue();
        assertThat(s.csrfMatches(null)).isFalse();
        assertThat(s.csrfMatches("")).isFalse();
        assertThat(s.csrfMatches(s.csrfToken().substring(1))).isFalse();
    }

    @Test
    void signOutPurgeAndPasswordChange() {
        String a = sessions.create(alice, null).id();
        String b = sessions.create(bob, "0123456789abcdef").id();
        String c = sessions.create(bob, null).id();
        sessions.end(a);
        assertThat(sessions.touch(a)).isEmpty();
        assertThat(sessions.touch("unknown")).isEmpty();
        assertThat(sessions.touch("A".repeat(43))).isEmpty();
        assertThat(sessions.endPasswordSessionsOf(bob)).isEqualTo(1);
        assertThat(sessions.touch(c)).isEmpty();
        assertThat(sessions.touch(b)).isPresent();
        int live = sessions.size();
        clock.advance(Duration.ofHours(9));
        assertThat(sessions.purge()).isGreaterThanOrEqualTo(live);
        assertThat(sessions.size()).isZero();
    }

    @Test
    void theTableHoldsNoSessionIdAndItsHashOpensNothing() throws Exception {
        DashboardSessions.Session s = sessions.create(alice, "0123456789abcdef");
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(StoreConfig.embedded(dataDir).jdbcUrl(), "warren", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM web_sessions")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        assertThat(values).contains(DashboardSessions.hash(s.id())).noneMatch(v -> v.contains(s.id()));
        assertThat(sessions.touch(DashboardSessions.hash(s.id()))).isEmpty();
    }

    @Test
    void refusesIdleLongerThanAbsolute() {
        assertThatThrownBy(() -> new DashboardSessions(store.webSessions(), clock, Duration.ofHours(2),
                Duration.ofHours(1))).hasMessageContaining("idle");
    }
}
