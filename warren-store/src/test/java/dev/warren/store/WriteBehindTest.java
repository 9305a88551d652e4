package dev.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-behind on the real embedded store: order kept, bursts share a transaction, a bad write loses only itself. */
class WriteBehindTest {
    @TempDir
    static Path dir;

    private static WarrenStore real;
    private static final AtomicInteger transactions = new AtomicInteger();

    @BeforeAll
    static void open() {
        real = Stores.open(StoreConfig.embedded(dir));
    }

    @AfterAll
    static void close() {
        real.close();
    }

    @Test
    void aBurstQueuedBehindASlowWriteSharesOneTransactionAndKeepsItsOrder() throws Exception {
        String actor = "burst-" + System.nanoTime();
        CountDownLatch release = new CountDownLatch(1);
        List<String> committed = new CopyOnWriteArrayList<>();
        try (WriteBehind writer = new WriteBehind(counting(real), "test-writer", 64)) {
            int before = transactions.get();
            writer.submit("slow", () -> hold(release), () -> committed.add("slow"), e -> { });
            for (int i = 0; i < 20; i++) {
                String action = "a." + i;
                writer.submit(action, () -> real.audit().append(event(actor, action)), () -> committed.add(action),
                        e -> committed.add("failed " + action));
            }
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> committed.size() == 21);
            assertThat(transactions.get() - before).as("the 20 queued writes went in few transactions").isLessThan(4);
        }
        assertThat(committed.subList(1, 21)).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 20).mapToObj(i -> "a." + i).toList());
        List<AuditEvent> stored = real.audit().query(new AuditQuery(null, actor, null, null, 100));
        assertThat(stored).hasSize(20);
        assertThat(stored.get(0).action()).as("newest first: the last one submitted").isEqualTo("a.19");
    }

    @Test
    void aFailingWriteInABatchLosesOnlyItself() throws Exception {
        String actor = "fail-" + System.nanoTime();
        String taken = "taken-" + System.nanoTime();
        real.devices().create(taken, Map.of(), "ab".repeat(32), Instant.now().plusSeconds(3600));
        CountDownLatch release = new CountDownLatch(1);
        List<String> failed = new CopyOnWriteArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        try (WriteBehind writer = new WriteBehind(real, "test-writer", 64)) {
            writer.submit("slow", () -> hold(release), ok::incrementAndGet, e -> { });
            writer.submit("before", () -> real.audit().append(event(actor, "before")), ok::incrementAndGet,
                    e -> failed.add("before"));
            writer.submit("duplicate", () -> real.devices().create(taken, Map.of(), "ab".repeat(32),
                    Instant.now().plusSeconds(3600)), ok::incrementAndGet, e -> failed.add("duplicate"));
            writer.submit("after", () -> real.audit().append(event(actor, "after")), ok::incrementAndGet,
                    e -> failed.add("after"));
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() + failed.size() == 4);
        }
        assertThat(failed).containsExactly("duplicate");
        assertThat(real.audit().query(new AuditQuery(null, actor, null, null, 10)))
                .extracting(AuditEvent::action).containsExactly("after", "before");
    }

    @Test
    void aFullQueueRefusesTheNextWriteAtOnceAndKeepsWhatItHolds() throws Exception {
        String actor = "full-" + System.nanoTime();
        CountDownLatch release = new CountDownLatch(1);
        List<String> failed = new CopyOnWriteArrayList<>();
        AtomicInteger ok = new AtomicInteger();
        try (WriteBehind writer = new WriteBehind(real, "test-writer", 2, 4)) {
            CountDownLatch taken = new CountDownLatch(1);
            writer.submit("slow", () -> {
                taken.countDown();
                hold(release);
            }, () -> { }, e -> { });
            assertThat(taken.await(5, TimeUnit.SECONDS)).as("the writer holds the slow write").isTrue();
            for (int i = 0; i < 6; i++) {
                String action = "f." + i;
                writer.submit(action, () -> real.audit().append(event(actor, action)), ok::incrementAndGet,
                        e -> failed.add(action + ": " + e.getMessage()));
            }
            assertThat(writer.refused()).isEqualTo(2);
            assertThat(failed).hasSize(2).allSatisfy(f -> assertThat(f).contains("store writes are 4 behind"));
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() == 4);
        }
        assertThat(real.audit().query(new AuditQuery(null, actor, null, null, 10))).hasSize(4);
    }

    @Test
    void withALingerWritesSubmittedOneByOneShareOneTransaction() {
        String actor = "linger-" + System.nanoTime();
        List<String> committed = new CopyOnWriteArrayList<>();
        try (WriteBehind writer = new WriteBehind(counting(real), "test-writer", 64, 1000, Duration.ofMillis(300))) {
            int before = transactions.get();
            for (int i = 0; i < 10; i++) {
                String action = "l." + i;
                writer.submit(action, () -> real.audit().append(event(actor, action)), () -> committed.add(action),
                        e -> committed.add("failed " + action));
                sleep(5); // one by one, as streams open: without a linger each would be a transaction of its own
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> committed.size() == 10);
            assertThat(transactions.get() - before).as("transactions for 10 writes 5 ms apart").isEqualTo(1);
        }
        assertThat(committed).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 10).mapToObj(i -> "l." + i).toList());
    }

    @Test
    void afterEachBatchRunsOnceABatchsCallbacksHaveRun() {
        String actor = "after-" + System.nanoTime();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (WriteBehind writer = new WriteBehind(real, "test-writer", 64, 1000, Duration.ofMillis(300))) {
            writer.afterEachBatch(() -> seen.add("batch end on " + Thread.currentThread().getName()));
            for (int i = 0; i < 3; i++) {
                String action = "b." + i;
                writer.submit(action, () -> real.audit().append(event(actor, action)), () -> {
                    assertThat(writer.onWriterThread()).isTrue();
                    seen.add(action);
                }, e -> seen.add("failed " + action));
            }
            assertThat(writer.onWriterThread()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
        }
        assertThat(seen).containsExactly("b.0", "b.1", "b.2", "batch end on test-writer");
    }

    @Test
    void hurryEndsTheLingerForACallerWhoWaits() throws Exception {
        String actor = "hurry-" + System.nanoTime();
        try (WriteBehind writer = new WriteBehind(real, "test-writer", 64, 1000, Duration.ofSeconds(1))) {
            CountDownLatch done = new CountDownLatch(1);
            long start = System.nanoTime();
            writer.submit("waited for", () -> real.audit().append(event(actor, "w")), done::countDown, e -> { });
            writer.hurry();
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the 1 s linger")
                    .isLessThan(Duration.ofMillis(700));
        }
    }

    @Test
    void aLingerLongerThanASecondOrNegativeIsRefused() {
        assertThatThrownBy(() -> new WriteBehind(real, "test-writer", 1, 1, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("linger: PT2S (expected: 0 to 1 s)");
        assertThatThrownBy(() -> new WriteBehind(real, "test-writer", 1, 1, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: 0 to 1 s");
    }

    @Test
    void closeDuringALingerWritesWhatIsQueuedAtOnce() {
        String actor = "close-linger-" + System.nanoTime();
        WriteBehind writer = new WriteBehind(real, "test-writer", 64, 1000, Duration.ofSeconds(1));
        writer.submit("queued", () -> real.audit().append(event(actor, "q")));
        long start = System.nanoTime();
        writer.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(real.audit().query(new AuditQuery(null, actor, null, null, 10))).hasSize(1);
    }

    @Test
    void anIdleWriterSleepsUntilAWriteComesAndACloseWakesItAtOnce() throws Exception {
        String actor = "idle-" + System.nanoTime();
        List<String> committed = new CopyOnWriteArrayList<>();
        for (Duration linger : List.of(Duration.ZERO, Duration.ofMillis(50))) { // as the relay's store and audit writers
            WriteBehind writer = new WriteBehind(real, "idle-writer", 64, 1000, linger);
            writer.submit("first", () -> real.audit().append(event(actor, "first")), () -> committed.add("first"), e -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> committed.contains("first"));
            Thread thread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("idle-writer")).findFirst().orElseThrow();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            sleep(200); // the batch's callbacks are done, the writer is asleep again
            long waitsBefore = threads.getThreadInfo(thread.threadId()).getWaitedCount();
            sleep(1000);
            long waits = threads.getThreadInfo(thread.threadId()).getWaitedCount() - waitsBefore;
            assertThat(waits).as("times the idle writer woke and slept again in 1 s (linger %s)", linger).isLessThanOrEqualTo(1);

            writer.submit("after a rest", () -> real.audit().append(event(actor, "rest")), () -> committed.add("rest"), e -> { });
            await().atMost(Duration.ofSeconds(10)).until(() -> committed.contains("rest"));
            committed.clear();
            sleep(100);
            long start = System.nanoTime();
            writer.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close of an idle writer").isLessThan(Duration.ofSeconds(2));
            thread.join(1000);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    @Test
    void closeFinishesWhatIsQueuedAndRefusesMore() {
        String actor = "close-" + System.nanoTime();
        WriteBehind writer = new WriteBehind(real, "test-writer", 8);
        for (int i = 0; i < 50; i++) {
            String action = "c." + i;
            writer.submit(action, () -> real.audit().append(event(actor, action)));
        }
        writer.close();
        assertThat(real.audit().query(new AuditQuery(null, actor, null, null, 100))).hasSize(50);
        assertThat(writer.submit("late", () -> { }, () -> { }, e -> { })).isFalse();
    }

    private static AuditEvent event(String actor, String action) {
        return AuditEvent.of(Instant.now(), actor, action, null, null, "ok", Map.of());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The real store, counting its transactions. */
    private static WarrenStore counting(WarrenStore store) {
        return new WarrenStore() {
            @Override public Devices devices() { return store.devices(); }
            @Override public EnrollTokens enrollTokens() { return store.enrollTokens(); }
            @Override public Users users() { return store.users(); }
            @Override public Sessions sessions() { return store.sessions(); }
            @Override public AuditLog audit() { return store.audit(); }
            @Override public Grants grants() { return store.grants(); }
            @Override public AccessRequests accessRequests() { return store.accessRequests(); }
            @Override public Traffic traffic() { return store.traffic(); }
            @Override public PublishedPorts publishedPorts() { return store.publishedPorts(); }
            @Override public WebSessions webSessions() { return store.webSessions(); }
            @Override public void backupTo(java.nio.file.Path zip) { store.backupTo(zip); }
            @Override public boolean ping() { return store.ping(); }
            @Override public String describe() { return store.describe(); }
            @Override public void close() { store.close(); }

            @Override
            public void inOneTransaction(Runnable writes) {
                transactions.incrementAndGet();
                store.inOneTransaction(writes);
            }
        };
    }
}
