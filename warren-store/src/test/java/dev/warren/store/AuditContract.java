package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

interface AuditContract extends StoreAccess {

    private AuditLog audit() {
        return store().audit();
    }

    private AuditEvent event(Instant at, String actor, String action, String target) {
        return AuditEvent.of(at, actor, action, target, "192.0.2.10:5555", "ok", Map.of("k", "v"));
    }

    @Test
    default void appendAssignsIncreasingSeqsAndRoundTrips() {
        String actor = unique("alice");
        Instant t = now();
        AuditEvent e = AuditEvent.of(t, actor, "device.enroll", "d_x", "192.0.2.1:1", "refused",
                Map.of("reason", "token expired", "token", "et-1", "quote\"", "日本"));
        long first = audit().append(e);
        long second = audit().append(event(t, actor, "session.open", null).withSeq(999));

        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        List<AuditEvent> events = audit().query(new AuditQuery(null, actor, null, null, 10));
        assertThat(events).hasSize(2);
        assertThat(events.get(0).seq()).as("the seq given to append is ignored").isEqualTo(second);
        assertThat(events.get(1)).isEqualTo(e.withSeq(first));
    }

    @Test
    default void queryIsNewestFirstByTimeThenSeq() {
        String actor = unique("bob");
        Instant t = now().minusSeconds(100);
        long late = audit().append(event(t.plusSeconds(50), actor, "a", null));
        long early = audit().append(event(t, actor, "a", null));
        long sameTimeAfter = audit().append(event(t.plusSeconds(50), actor, "a", null));

        assertThat(audit().query(new AuditQuery(null, actor, null, null, 10)))
                .extracting(AuditEvent::seq).containsExactly(sameTimeAfter, late, early);
    }

    @Test
    default void queryFiltersBySinceActorActionTargetAndLimits() {
        String actor = unique("carol");
        String other = unique("dave");
        String target = unique("d");
        Instant t = now().minusSeconds(100);
        long login = audit().append(event(t, actor, "user.login", null));
        long open = audit().append(event(t.plusSeconds(10), actor, "session.open", target));
        long close = audit().append(event(t.plusSeconds(20), actor, "session.close", target));
        long otherOpen = audit().append(event(t.plusSeconds(30), other, "session.open", target));

        assertThat(seqs(new AuditQuery(null, actor, null, null, 100))).containsExactly(close, open, login);
        assertThat(seqs(new AuditQuery(null, actor, "session.open", null, 100))).containsExactly(open);
        assertThat(seqs(new AuditQuery(null, null, null, target, 100))).containsExactly(otherOpen, close, open);
        assertThat(seqs(new AuditQuery(null, null, "session.open", target, 100))).containsExactly(otherOpen, open);
        assertThat(seqs(new AuditQuery(t.plusSeconds(10), actor, null, null, 100)))
                .as("since is inclusive").containsExactly(close, open);
        assertThat(seqs(new AuditQuery(null, actor, null, null, 2))).containsExactly(close, open);
        assertThat(audit().query(AuditQuery.latest(3))).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    default void eventsAreFoundByDeviceAndByUserAsActorOrSubject() {
        String admin = unique("root");
        String alice = unique("alice");
        String device = "d_" + Long.toString(System.nanoTime(), 32);
        Instant t = now();
        long grant = audit().append(AuditEvent.of(t, admin, "grant.create", "g_1", null, "ok", Map.of(), device, alice));
        long open = audit().append(AuditEvent.of(t.plusSeconds(1), alice, "session.open", "s_1", null, "ok", Map.of(),
                device, null));
        long other = audit().append(AuditEvent.of(t.plusSeconds(2), admin, "device.disable", device, null, "ok",
                Map.of(), null, null));

        assertThat(seqs(new AuditQuery(null, null, null, null, device, null, 100))).containsExactly(open, grant);
        assertThat(seqs(new AuditQuery(null, null, null, null, null, alice, 100))).containsExactly(open, grant);
        assertThat(seqs(new AuditQuery(null, null, null, null, null, admin, 100))).containsExactly(other, grant);
        AuditEvent read = audit().query(new AuditQuery(null, admin, "grant.create", null, 1)).get(0);
        assertThat(read.deviceId()).isEqualTo(device);
        assertThat(read.subject()).isEqualTo(alice);
    }

    @Test
    default void queryFiltersByUntilOutcomeAndActionPrefix() {
        String actor = unique("erin");
        Instant t = now().minusSeconds(100);
        long open = audit().append(event(t, actor, "session.open", null));
        long refused = audit().append(AuditEvent.of(t.plusSeconds(10), actor, "session.open", null, null, "refused",
                Map.of()));
        long cut = audit().append(event(t.plusSeconds(20), actor, "session.cut", null));
        long grant = audit().append(event(t.plusSeconds(30), actor, "grant.create", null));
        long lookalike = audit().append(event(t.plusSeconds(40), actor, "sessionXopen", null));

        assertThat(seqs(new AuditQuery(null, t.plusSeconds(20), actor, null, null, null, null, null, null, 100)))
                .as("until is exclusive").containsExactly(refused, open);
        assertThat(seqs(new AuditQuery(null, null, actor, null, null, null, null, "refused", null, 100)))
                .containsExactly(refused);
        assertThat(seqs(new AuditQuery(null, null, actor, "session.*", null, null, null, null, null, 100)))
                .as("a prefix, the dot literal").containsExactly(cut, refused, open);
        assertThat(seqs(new AuditQuery(null, null, actor, "sess%.*", null, null, null, null, null, 100)))
                .as("LIKE's own characters are literal").isEmpty();
        assertThat(seqs(new AuditQuery(t.plusSeconds(10), t.plusSeconds(40), actor, "session.*", null, null, null, "ok",
                null, 100))).containsExactly(cut);
        assertThat(lookalike).isPositive();
        assertThat(grant).isPositive();
    }

    @Test
    default void pagesFollowEachOtherWithoutGapsOrRepeatsEvenAtTheSameInstant() {
        String actor = unique("frank");
        Instant t = now().minusSeconds(100);
        long a = audit().append(event(t, actor, "a", null));
        long b = audit().append(event(t.plusSeconds(5), actor, "a", null));
        long c = audit().append(event(t.plusSeconds(5), actor, "a", null));
        long d = audit().append(event(t.plusSeconds(5), actor, "a", null));
        long e = audit().append(event(t.plusSeconds(9), actor, "a", null));
        AuditQuery first = new AuditQuery(null, actor, null, null, 2);

        List<AuditEvent> page1 = audit().query(first);
        assertThat(page1).extracting(AuditEvent::seq).containsExactly(e, d);
        List<AuditEvent> page2 = audit().query(first.after(AuditQuery.Cursor.after(page1.get(1))));
        assertThat(page2).extracting(AuditEvent::seq).containsExactly(c, b);
        audit().append(event(t.plusSeconds(60), actor, "a", null));
        List<AuditEvent> page3 = audit().query(first.after(AuditQuery.Cursor.after(page2.get(1))));
        assertThat(page3).as("a new event does not shift the pages").extracting(AuditEvent::seq).containsExactly(a);
    }

    @Test
    default void theLogHasNoWayToChangeOrRemoveAnEvent() {
        assertThat(Arrays.stream(AuditLog.class.getMethods()).map(Method::getName))
                .containsExactlyInAnyOrder("append", "query");
    }

    @Test
    default void eventsValidateTheirFields() {
        assertThatThrownBy(() -> AuditEvent.of(now(), "", "a", null, null, "ok", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("actor: ''");
        assertThatThrownBy(() -> AuditEvent.of(now(), "a", "a", null, null, "ok", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("details: null (expected: a value)");
        assertThatThrownBy(() -> new AuditQuery(null, null, null, null, 10_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit: 10001 (expected: 1..10000)");
    }

    private List<Long> seqs(AuditQuery q) {
        return audit().query(q).stream().map(AuditEvent::seq).toList();
    }
}
