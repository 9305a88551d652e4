package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

interface AccessRequestsContract extends StoreAccess {

    private AccessRequests requests() {
        return store().accessRequests();
    }

    @Test
    default void aRequestIsPendingUntilDecidedOnce() {
        User u = store().users().create(unique("req"), Role.OPERATOR);
        AccessRequest r = requests().create(u.id(), "dev-42", "ssh", 1800, "ticket 77");
        assertThat(r.id()).matches("r_[a-z2-7]{16}");
        assertThat(r.status()).isEqualTo(AccessRequest.Status.PENDING);
        assertThat(r.userName()).isEqualTo(u.name());
        assertThat(requests().byId(r.id())).contains(r);

        Instant at = now();
        assertThat(requests().decide(r.id(), AccessRequest.Status.APPROVED, "admin", at, "ok")).isTrue();
        assertThat(requests().decide(r.id(), AccessRequest.Status.DENIED, "admin", at, null)).isFalse();
        requests().attachGrant(r.id(), "g_aaaaaaaaaaaaaaaa");
        AccessRequest read = requests().byId(r.id()).orElseThrow();
        assertThat(read.status()).isEqualTo(AccessRequest.Status.APPROVED);
        assertThat(read.decidedBy()).isEqualTo("admin");
        assertThat(read.decidedAt()).isEqualTo(at);
        assertThat(read.note()).isEqualTo("ok");
        assertThat(read.grantId()).isEqualTo("g_aaaaaaaaaaaaaaaa");
    }

    @Test
    default void concurrentDecisionsHaveOneWinner() throws Exception {
        User u = store().users().create(unique("race"), Role.OPERATOR);
        AccessRequest r = requests().create(u.id(), "site=b", "*", 60, "race");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            AccessRequest.Status status = i % 2 == 0 ? AccessRequest.Status.APPROVED : AccessRequest.Status.DENIED;
            results.add(pool.submit(() -> requests().decide(r.id(), status, "admin", now(), null)));
        }
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(winners).isEqualTo(1);
    }

    @Test
    default void queryFiltersByUserAndStatus() {
        User u = store().users().create(unique("q"), Role.OPERATOR);
        AccessRequest a = requests().create(u.id(), "dev-1", "ssh", 60, "a");
        AccessRequest b = requests().create(u.id(), "dev-2", "ssh", 60, "b");
        requests().decide(a.id(), AccessRequest.Status.DENIED, "admin", now(), "no");

        assertThat(requests().query(u.id(), null, 10)).extracting(AccessRequest::id).containsExactly(b.id(), a.id());
        assertThat(requests().query(u.id(), AccessRequest.Status.PENDING, 10)).extracting(AccessRequest::id)
                .containsExactly(b.id());
        assertThat(requests().query(null, AccessRequest.Status.PENDING, 10_000)).extracting(AccessRequest::id)
                .contains(b.id()).doesNotContain(a.id());
        assertThatThrownBy(() -> requests().create("u_nobody", "d", "ssh", 60, "r"))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> requests().decide(b.id(), AccessRequest.Status.PENDING, "admin", now(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
