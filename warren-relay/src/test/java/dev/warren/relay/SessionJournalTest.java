package dev.warren.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warren.api.audit.AuditWriter;
import dev.warren.store.AuditEvent;
import dev.warren.store.AuditQuery;
import dev.warren.store.SessionRecord;
import dev.warren.store.Sessions;
import dev.warren.store.StoreConfig;
import dev.warren.store.Stores;
import dev.warren.store.WarrenStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's row and audit events on the real embedded store, with and without its open written before its end. */
class SessionJournalTest {
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    private WarrenStore real;
    /** The Sessions calls that reached the store, by method name. */
    private final List<String> sessionWrites = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        real = Stores.open(StoreConfig.embedded(dir));
    }

    @AfterEach
    void close() {
        real.close();
    }

    @Test
    void aSessionThatEndsWithinTheLingerIsOneCompleteInsertAndTwoAuditEvents() {
        WarrenStore store = counting(real);
        try (AuditWriter audit = AuditWriter.open(store, dir.resolve("audit.log"), Duration.ofSeconds(1))) {
            SessionJournal journal = journal(store, audit);
            LiveSession s = session("s_short0000001");
            journal.opened(s);
            journal.closed(s, START.plusMillis(3), 10, 20, "closed");
            assertThat(journal.pending()).isZero();
        }
        assertThat(sessionWrites).containsExactly("opened");
        assertThat(real.sessions().byId("s_short0000001")).get().satisfies(r -> {
            assertThat(r.endedAt()).isEqualTo(START.plusMillis(3));
            assertThat(r.bytesToDevice()).isEqualTo(10);
            assertThat(r.bytesFromDevice()).isEqualTo(20);
            assertThat(r.closeReason()).isEqualTo("closed");
            assertThat(r.grantId()).isEqualTo("g_grant000001");
        });
        assertThat(events("s_short0000001")).extracting(AuditEvent::action)
                .containsExactly("session.close", "session.open");
    }

    @Test
    void aSessionWhoseOpenWasWrittenIsClosedByAnUpdate() {
        WarrenStore store = counting(real);
        try (AuditWriter audit = AuditWriter.open(store, dir.resolve("audit.log"), Duration.ZERO)) {
            SessionJournal journal = journal(store, audit);
            LiveSession s = session("s_long00000001");
            journal.opened(s);
            await().atMost(Duration.ofSeconds(10)).until(() -> real.sessions().byId("s_long00000001").isPresent());
            assertThat(real.sessions().byId("s_long00000001").get().isOpen()).as("in the live view").isTrue();
            journal.closed(s, START.plusSeconds(60), 1, 2, "ADMIN_ACTION: cut");
        }
        assertThat(sessionWrites).containsExactly("opened", "closed");
        SessionRecord row = real.sessions().byId("s_long00000001").orElseThrow();
        assertThat(row.endedAt()).isEqualTo(START.plusSeconds(60));
        assertThat(row.closeReason()).isEqualTo("ADMIN_ACTION: cut");
        assertThat(events("s_long00000001")).hasSize(2);
    }

    @Test
    void aRowThatCannotBeWrittenDoesNotCostTheSessionItsAuditEvent() {
        try (AuditWriter audit = AuditWriter.open(real, dir.resolve("audit.log"), Duration.ofMillis(20))) {
            SessionJournal journal = journal(real, audit);
            real.sessions().opened(SessionRecord.open("s_taken0000001", "d_dev00000001", "dev-1", "ssh", "ann",
                    "127.0.0.1:1", "node-1", START));
            LiveSession s = session("s_taken0000001"); // its INSERT fails: the id is taken
            journal.opened(s);
        }
        assertThat(events("s_taken0000001")).extracting(AuditEvent::action).containsExactly("session.open");
    }

    private static SessionJournal journal(WarrenStore store, AuditWriter audit) {
        return new SessionJournal(store, audit, new StreamAudit(audit, Clock.systemUTC()), "node-1");
    }

    private static LiveSession session(String id) {
        return new LiveSession(id, "ann", "u_ann", "t_token", "127.0.0.1:40000", new DeviceIdentity("d_dev00000001",
                "dev-1"), "ssh", START, "g_grant000001", START.plusSeconds(3600), null, null);
    }

    private List<AuditEvent> events(String sessionId) {
        return real.audit().query(new AuditQuery(null, null, null, sessionId, 10));
    }

    /** The real store, noting each write of Sessions. */
    private WarrenStore counting(WarrenStore store) {
        Sessions sessions = store.sessions();
        Sessions noted = (Sessions) Proxy.newProxyInstance(Sessions.class.getClassLoader(),
                new Class<?>[] {Sessions.class}, forward(sessions, (method) -> {
                    if (method.equals("opened") || method.equals("closed")) {
                        sessionWrites.add(method);
                    }
                }));
        return (WarrenStore) Proxy.newProxyInstance(WarrenStore.class.getClassLoader(),
                new Class<?>[] {WarrenStore.class}, (proxy, method, args) -> method.getName().equals("sessions")
                        ? noted : forward(store, m -> { }).invoke(proxy, method, args));
    }

    private static InvocationHandler forward(Object target, java.util.function.Consumer<String> before) {
        return (proxy, method, args) -> {
            before.accept(method.getName());
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }

}
