package dev.warren.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.StoreConfig;
import dev.warren.store.StoreException;
import dev.warren.store.Stores;
import dev.warren.store.WarrenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit writer on the real embedded store: a write that goes with an event, events made on its thread, linger. */
class AuditWriterTest {
    @TempDir
    Path dir;

    private WarrenStore store;

    @BeforeEach
    void open() {
        store = Stores.open(StoreConfig.embedded(dir));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aFailingWriteAlongsideNeverCostsTheEventItsPlace() throws Exception {
        try (AuditWriter writer = AuditWriter.open(store, dir.resolve("audit.log"))) {
            long seq = writer.append(event("a-1"), "a row", () -> {
                throw new StoreException("sessions.opened failed: the disk is on fire");
            }).get(10, TimeUnit.SECONDS);
            assertThat(seq).isPositive();
        }
        assertThat(store.audit().query(new AuditQuery(null, "alice", null, null, 10)))
                .extracting(AuditEvent::action).containsExactly("a-1");
        assertThat(Files.readString(dir.resolve("audit.log"))).contains("\"action\":\"a-1\"");
    }

    @Test
    void anEventMadeOnTheWritersThreadIsMadeOnceAndStoredWithItsWriteInOrder() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        try (AuditWriter writer = AuditWriter.open(store, dir.resolve("audit.log"), Duration.ofMillis(30))) {
            writer.append(event("b-1"));
            writer.append(() -> {
                made.incrementAndGet();
                assertThat(Thread.currentThread().getName()).isEqualTo("audit-writer");
                return event("b-2");
            }, "b-2 with its row", written::incrementAndGet).get(10, TimeUnit.SECONDS);
        }
        assertThat(made).hasValue(1);
        assertThat(written).hasValue(1);
        assertThat(store.audit().query(new AuditQuery(null, "alice", null, null, 10)))
                .extracting(AuditEvent::action).containsExactly("b-2", "b-1");
        assertThat(Files.readAllLines(dir.resolve("audit.log"))).hasSize(2);
    }

    @Test
    void anApiCallThatWaitsForItsEventDoesNotWaitOutTheLinger() {
        try (AuditWriter writer = AuditWriter.open(store, dir.resolve("audit.log"), Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            writer.appendAndWait(event("c-1"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
            assertThat(store.audit().query(new AuditQuery(null, "alice", null, null, 10))).hasSize(1);
        }
    }

    private static AuditEvent event(String action) {
        return Audit.event(Instant.now(), "alice", action).build();
    }
}
