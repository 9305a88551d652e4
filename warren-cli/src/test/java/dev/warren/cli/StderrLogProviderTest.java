package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** The agent's logging without logback: logback's lines and levels, and the agent process really uses it. */
class StderrLogProviderTest {
    private static final long TIME = 1_795_000_123_456L;
    private static final ZoneId ZONE = ZoneId.systemDefault();

    @Test
    void sameLinesAsLogback() {
        LoggerContext context = new LoggerContext();
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        for (ch.qos.logback.classic.Level level : List.of(ch.qos.logback.classic.Level.TRACE,
                ch.qos.logback.classic.Level.DEBUG, ch.qos.logback.classic.Level.INFO,
                ch.qos.logback.classic.Level.WARN, ch.qos.logback.classic.Level.ERROR)) {
            for (String logger : List.of("dev.warren.agent.Agent", "Top")) {
                LoggingEvent event = new LoggingEvent("fqcn", context.getLogger(logger), level,
                        "agent '{}' exposing {}", null, new Object[] {"dev-1", "{ssh=127.0.0.1:22}"});
                event.setTimeStamp(TIME);
                assertThat(StderrLogProvider.format(TIME, ZONE, Level.valueOf(level.toString()), logger,
                        "agent 'dev-1' exposing {ssh=127.0.0.1:22}", null)).isEqualTo(layout.doLayout(event));
            }
        }
    }

    @Test
    void levelsAsLogbackSetsThem() {
        for (String root : List.of("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "LOUD")) {
            ch.qos.logback.classic.Level logback = ch.qos.logback.classic.Level.toLevel(root,
                    ch.qos.logback.classic.Level.INFO);
            int threshold = StderrLogProvider.threshold("dev.warren.agent.Agent", root);
            for (Level level : Level.values()) {
                assertThat(level.toInt() >= threshold).as(root + " logs " + level)
                        .isEqualTo(ch.qos.logback.classic.Level.toLevel(level.toString()).isGreaterOrEqual(logback));
            }
        }
        // the libraries and the TLS provider's choice stay at WARN, even with -v
        for (String quiet : List.of("io.netty", "io.netty.handler.ssl.SslHandler", "dev.warren.common.tls.TlsContexts")) {
            assertThat(StderrLogProvider.threshold(quiet, "DEBUG")).as(quiet).isEqualTo(Level.WARN.toInt());
        }
        assertThat(StderrLogProvider.threshold("io.nettyx.Other", "DEBUG")).isEqualTo(Level.DEBUG.toInt());
    }

    @Test
    void writesEachLineWithItsStackTraceToStandardError() {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        String previous = System.setProperty(LogLine.LEVEL_PROPERTY, "INFO");
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            Logger log = new StderrLogProvider().getLoggerFactory().getLogger("dev.warren.agent.Agent");
            log.debug("not at INFO");
            log.info("connected to relay {} (node {})", "127.0.0.1:7443", "n1");
            log.warn("disconnected: {}", "reset", new IllegalStateException("boom"));
        } finally {
            System.setErr(saved);
            if (previous == null) {
                System.clearProperty(LogLine.LEVEL_PROPERTY);
            } else {
                System.setProperty(LogLine.LEVEL_PROPERTY, previous);
            }
        }
        String[] lines = buffer.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  Agent: "
                + "connected to relay 127\\.0\\.0\\.1:7443 \\(node n1\\)");
        assertThat(lines[1]).endsWith(" WARN  Agent: disconnected: reset");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines[3]).startsWith("\tat dev.warren.cli.StderrLogProviderTest.");
    }

    /**
     * {@code warren agent run} as a process of its own (this class path, as the jar would run): its lines come from
     * this provider, and neither logback, picocli's model nor Jackson is loaded for the life of the agent.
     */
    @Test
    void theAgentProcessLogsWithoutLogback(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                Warren.class.getName(), "agent", "run", "--data", dir.resolve("not-enrolled").toString(), "--service",
                "ssh=127.0.0.1:22")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.USAGE);
        assertThat(output).contains("warren: no device identity in").doesNotContain("SLF4J");
        String loaded = java.nio.file.Files.readString(classes);
        assertThat(loaded).contains(" dev.warren.cli.StderrLogProvider ").contains(" dev.warren.cli.AgentRunCommand ")
                .doesNotContain(" ch.qos.logback.").doesNotContain(" com.fasterxml.jackson.")
                .doesNotContain(" org.bouncycastle.")
                .doesNotContain(" picocli.CommandLine ");
    }
}
