package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

interface SessionsContract extends StoreAccess {

    private Sessions sessions() {
        return store().sessions();
    }

    private SessionRecord open(String deviceId, String operator, String node, Instant startedAt) {
        SessionRecord s = SessionRecord.open(unique("s"), deviceId, "name-of-" + deviceId, "ssh", operator,
                "198.51.100.9:40000", node, startedAt);
        sessions().opened(s);
        return s;
    }

    @Test
    default void openedReadsBackAndClosedRecordsTheEnd() {
        Instant start = now();
        SessionRecord s = open(unique("d"), "alice", "node-1", start);
        assertThat(sessions().byId(s.id())).contains(s);
        assertThat(s.isOpen()).isTrue();

        Instant end = start.plusSeconds(90);
        sessions().closed(s.id(), end, 1_000_000_000_000L, 42, "client closed");
        SessionRecord closed = sessions().byId(s.id()).orElseThrow();
        assertThat(closed.endedAt()).isEqualTo(end);
        assertThat(closed.bytesToDevice()).isEqualTo(1_000_000_000_000L);
        assertThat(closed.bytesFromDevice()).isEqualTo(42);
        assertThat(closed.closeReason()).isEqualTo("client closed");
        assertThat(closed.isOpen()).isFalse();
        assertThat(sessions().byId("missing")).isEmpty();
    }

    @Test
    default void aSessionRemembersItsGrant() {
        SessionRecord s = SessionRecord.open(unique("s"), unique("d"), "n", "ssh", "alice", "198.51.100.9:1", "node-1",
                now(), "g_aaaaaaaaaaaaaaaa");
        sessions().opened(s);
        assertThat(sessions().byId(s.id()).orElseThrow().grantId()).isEqualTo("g_aaaaaaaaaaaaaaaa");
        SessionRecord none = open(unique("d"), "admin", "node-1", now());
        assertThat(sessions().byId(none.id()).orElseThrow().grantId()).isNull();
    }

    @Test
    default void theFirstCloseWins() {
        SessionRecord s = open(unique("d"), "alice", "node-1", now());
        Instant end = now().plusSeconds(1);
        sessions().closed(s.id(), end, 1, 2, "first");
        sessions().closed(s.id(), end.plusSeconds(10), 3, 4, "second");
        SessionRecord closed = sessions().byId(s.id()).orElseThrow();
        assertThat(closed.closeReason()).isEqualTo("first");
        assertThat(closed.bytesToDevice()).isEqualTo(1);
    }

    @Test
    default void duplicateIdUnknownIdAndBadCloseAreRefused() {
        SessionRecord s = open(unique("d"), "alice", "node-1", now());
        assertThatThrownBy(() -> sessions().opened(s))
                .isInstanceOf(DuplicateNameException.class).hasMessageContaining(s.id());
        assertThatThrownBy(() -> sessions().closed("missing", now(), 0, 0, "x"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> sessions().closed(s.id(), now(), -1, 0, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bytesToDevice: -1 (expected: >= 0)");
        assertThatThrownBy(() -> sessions().closed(s.id(), now(), 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("closeReason: null");
    }

    @Test
    default void queryFiltersAndReturnsNewestFirst() {
        String device = unique("d");
        String operator = unique("op");
        Instant t0 = now().minusSeconds(1000);
        SessionRecord s1 = open(device, operator, "node-1", t0);
        SessionRecord s2 = open(device, "someone-else", "node-1", t0.plusSeconds(10));
        SessionRecord s3 = open(device, operator, "node-2", t0.plusSeconds(20));
        SessionRecord other = open(unique("d"), operator, "node-1", t0.plusSeconds(30));
        sessions().closed(s3.id(), t0.plusSeconds(25), 5, 6, "done");
        SessionRecord s3Closed = sessions().byId(s3.id()).orElseThrow();

        assertThat(sessions().query(new SessionQuery(device, null, null, false, 100)))
                .containsExactly(s3Closed, s2, s1);
        assertThat(sessions().query(new SessionQuery(device, operator, null, false, 100)))
                .containsExactly(s3Closed, s1);
        assertThat(sessions().query(new SessionQuery(null, operator, null, false, 100)))
                .containsExactly(other, s3Closed, s1);
        assertThat(sessions().query(new SessionQuery(device, null, t0.plusSeconds(10), false, 100)))
                .as("since is inclusive").containsExactly(s3Closed, s2);
        assertThat(sessions().query(new SessionQuery(device, null, null, true, 100)))
                .containsExactly(s2, s1);
        assertThat(sessions().query(new SessionQuery(device, null, null, false, 2)))
                .containsExactly(s3Closed, s2);
        List<SessionRecord> latest = sessions().query(SessionQuery.latest(10));
        assertThat(latest).hasSizeLessThanOrEqualTo(10);
        assertThat(latest).extracting(SessionRecord::startedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    default void closeAllOpenClosesOnlyThatNodesOpenSessions() {
        String node = unique("node");
        String otherNode = unique("node");
        Instant t = now();
        SessionRecord a = open(unique("d"), "alice", node, t);
        SessionRecord b = open(unique("d"), "bob", node, t);
        SessionRecord done = open(unique("d"), "carol", node, t);
        SessionRecord elsewhere = open(unique("d"), "dave", otherNode, t);
        sessions().closed(done.id(), t.plusSeconds(1), 7, 8, "client closed");

        Instant restart = t.plusSeconds(60);
        assertThat(sessions().closeAllOpen(node, restart, "relay restarted")).isEqualTo(2);

        for (SessionRecord s : List.of(a, b)) {
            SessionRecord closed = sessions().byId(s.id()).orElseThrow();
            assertThat(closed.endedAt()).isEqualTo(restart);
            assertThat(closed.closeReason()).isEqualTo("relay restarted");
        }
        assertThat(sessions().byId(done.id()).orElseThrow().closeReason()).isEqualTo("client closed");
        assertThat(sessions().byId(elsewhere.id()).orElseThrow().isOpen()).isTrue();
        assertThat(sessions().closeAllOpen(node, restart, "again")).isZero();
    }

    @Test
    default void recordAndQueryValidateTheirFields() {
        assertThatThrownBy(() -> new SessionQuery(null, null, null, false, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit: 0 (expected: 1..10000)");
        assertThatThrownBy(() -> new SessionRecord("s", "d", "n", "ssh", "op", "a", "node", now(), null, 0, 0, "why"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: both null while open");
        assertThatThrownBy(() -> SessionRecord.open("s", "d", "n", "ssh", "op", "a", "node", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("startedAt: null (expected: a value)");
    }
}
