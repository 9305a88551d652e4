package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

interface EnrollTokensContract extends StoreAccess {
    String HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

    private EnrollTokens tokens() {
        return store().enrollTokens();
    }

    private EnrollToken newToken(int maxUses) {
        return tokens().create(unique("et"), HASH, now().plusSeconds(3600), maxUses, "admin", null);
    }

    @Test
    default void createReadsBackAndHidesTheHash() {
        Instant expires = now().plusSeconds(600);
        EnrollToken t = tokens().create(unique("et"), HASH, expires, 3, "alice", "for the lab");

        assertThat(t.uses()).isZero();
        assertThat(t.revoked()).isFalse();
        assertThat(t.expiresAt()).isEqualTo(expires);
        assertThat(tokens().byId(t.id())).contains(t);
        assertThat(tokens().byId("missing")).isEmpty();
        assertThat(t.toString()).doesNotContain(HASH).contains("****");
    }

    @Test
    default void duplicateIdAndPastExpiryAreRefused() {
        EnrollToken t = newToken(1);
        assertThatThrownBy(() -> tokens().create(t.id(), HASH, now().plusSeconds(60), 1, "admin", null))
                .isInstanceOf(DuplicateNameException.class).hasMessageContaining(t.id());
        assertThatThrownBy(() -> tokens().create(unique("et"), HASH, now().minusSeconds(1), 1, "admin", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("expiresAt: ");
        assertThatThrownBy(() -> tokens().create(unique("et"), HASH, now().plusSeconds(60), 0, "admin", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxUses: 0 (expected: >= 1)");
        assertThatThrownBy(() -> tokens().create(unique("et"), " ", now().plusSeconds(60), 1, "admin", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("secretHash: ****");
    }

    @Test
    default void consumeCountsUsesThenSaysExhausted() {
        EnrollToken t = newToken(2);
        assertThat(tokens().consume(t.id(), now())).isEqualTo(ConsumeResult.CONSUMED);
        assertThat(tokens().consume(t.id(), now())).isEqualTo(ConsumeResult.CONSUMED);
        assertThat(tokens().consume(t.id(), now())).isEqualTo(ConsumeResult.EXHAUSTED);
        assertThat(tokens().byId(t.id()).orElseThrow().uses()).isEqualTo(2);
    }

    @Test
    default void consumeSaysUnknownExpiredOrRevoked() {
        assertThat(tokens().consume("no-such-token", now())).isEqualTo(ConsumeResult.UNKNOWN);

        EnrollToken expiring = newToken(5);
        assertThat(tokens().consume(expiring.id(), expiring.expiresAt())).isEqualTo(ConsumeResult.EXPIRED);
        assertThat(tokens().consume(expiring.id(), expiring.expiresAt().minusNanos(1000)))
                .isEqualTo(ConsumeResult.CONSUMED);

        EnrollToken revoked = newToken(5);
        assertThat(tokens().revoke(revoked.id())).isTrue();
        assertThat(tokens().revoke(revoked.id())).as("already revoked").isFalse();
        assertThat(tokens().revoke("no-such-token")).isFalse();
        assertThat(tokens().consume(revoked.id(), now())).isEqualTo(ConsumeResult.REVOKED);
        assertThat(tokens().consume(revoked.id(), revoked.expiresAt().plusSeconds(1)))
                .as("revoked wins over expired").isEqualTo(ConsumeResult.REVOKED);
        assertThat(tokens().byId(revoked.id()).orElseThrow().revoked()).isTrue();
    }

    @Test
    default void listIsNewestFirst() throws InterruptedException {
        EnrollToken older = newToken(1);
        Thread.sleep(2);
        EnrollToken newer = newToken(1);
        assertThat(tokens().list()).containsSubsequence(newer, older);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void twentyThreadsConsumeAOneUseTokenExactlyOnce() throws Exception {
        assertThat(consumeConcurrently(newToken(1), 20))
                .containsOnly(ConsumeResult.CONSUMED, ConsumeResult.EXHAUSTED)
                .filteredOn(r -> r == ConsumeResult.CONSUMED).hasSize(1);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    default void twentyThreadsConsumeAFiveUseTokenExactlyFiveTimes() throws Exception {
        EnrollToken t = newToken(5);
        assertThat(consumeConcurrently(t, 20)).filteredOn(r -> r == ConsumeResult.CONSUMED).hasSize(5);
        assertThat(tokens().byId(t.id()).orElseThrow().uses()).isEqualTo(5);
    }

    private List<ConsumeResult> consumeConcurrently(EnrollToken token, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ConsumeResult>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return tokens().consume(token.id(), Instant.now());
                }));
            }
            start.countDown();
            List<ConsumeResult> out = new ArrayList<>();
            for (Future<ConsumeResult> f : results) {
                out.add(f.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
