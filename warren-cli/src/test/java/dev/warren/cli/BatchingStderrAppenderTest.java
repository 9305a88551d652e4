package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingStderrAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final CountingStream stream = new CountingStream();
    private BatchingStderrAppender appender;

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
    }

    @Test
    void everyLineOfEveryThreadIsWrittenInOrderByTheTimeStopReturns() throws Exception {
        appender = start(16, Duration.ofMillis(20)); // a small queue: loggers must wait for the writer, never drop
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            loggers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    appender.doAppend(event(Level.INFO, "t" + thread + " line " + i));
                }
            }));
        }
        for (Thread t : loggers) {
            t.join(30_000);
        }
        appender.stop();
        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() >= ch.qos.logback.core.status.Status.WARN);
        List<String> lines = stream.text().lines().toList();
        assertThat(lines).hasSize(8 * 500);
        for (int t = 0; t < 8; t++) {
            String prefix = "t" + t + " ";
            assertThat(lines.stream().filter(l -> l.contains(": " + prefix)).map(l -> l.substring(l.indexOf(prefix))))
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).mapToObj(i -> prefix + "line " + i).toList());
        }
    }

    @Test
    void linesLoggedTogetherAreWrittenTogether() {
        appender = start(8192, Duration.ofMillis(300));
        for (int i = 0; i < 100; i++) {
            appender.doAppend(event(Level.INFO, "decision " + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.text().lines().count() == 100);
        // one wake-up of the writer and one write(2) for the burst (two if it straddled the linger), not one per line
        assertThat(stream.writes.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void anInfoLineWaitsAtMostTheLinger() {
        appender = start(8192, Duration.ofMillis(50));
        appender.doAppend(event(Level.INFO, "tunnel closed"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().contains("tunnel closed"));
    }

    @Test
    void aWarningIsWrittenWithoutWaitingForTheLinger() {
        appender = start(8192, Duration.ofHours(1));
        appender.doAppend(event(Level.INFO, "before"));
        appender.doAppend(event(Level.WARN, "certificate expires soon"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().contains("certificate expires soon"));
        assertThat(stream.text().indexOf("before")).isLessThan(stream.text().indexOf("certificate expires soon"));
    }

    @Test
    void flushWritesWhatIsQueuedOnTheCallingThread() {
        appender = start(8192, Duration.ofHours(1));
        appender.doAppend(event(Level.INFO, "first"));
        appender.doAppend(event(Level.INFO, "last before SIGTERM"));
        appender.flush();
        assertThat(stream.text().lines()).hasSize(2).last().asString().endsWith("last before SIGTERM");
    }

    @Test
    void anIdleWriterSleeps() throws Exception {
        appender = start(8192, Duration.ofMillis(10));
        appender.doAppend(event(Level.INFO, "one"));
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.text().contains("one"));
        Thread writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("log-writer-test"))
                .findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.getState() == Thread.State.WAITING); // parked, no timeout
    }

    private BatchingStderrAppender start(int capacity, Duration linger) {
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as SLF4J's provider does
        BatchingStderrAppender a = new BatchingStderrAppender(LoggingConfigurator.lineEncoder(context), () -> stream,
                capacity, linger);
        a.setContext(context);
        a.setName("test");
        a.start();
        return a;
    }

    private ILoggingEvent event(Level level, String message) {
        return new LoggingEvent("fqcn", context.getLogger("dev.warren.gateway.access"), level, message, null, null);
    }

    /** Collects the bytes and counts the writes (each one a write(2) on the real standard error). */
    private static final class CountingStream extends OutputStream {
        final AtomicInteger writes = new AtomicInteger();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
