package dev.warren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** The hand-written layout prints what logback's PatternLayout prints for the pattern of the former logback.xml. */
class LogLineLayoutTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void sameLineAsThePattern() {
        for (Level level : new Level[] {Level.INFO, Level.WARN, Level.ERROR, Level.DEBUG, Level.TRACE}) {
            LoggingEvent event = event(level, "dev.warren.agent.Agent", "agent '{}' exposing {}", null, "dev-1",
                    "{ssh=127.0.0.1:22}");
            assertThat(layout().doLayout(event)).isEqualTo(pattern().doLayout(event));
        }
        LoggingEvent noPackage = event(Level.INFO, "Top", "plain", null);
        assertThat(layout().doLayout(noPackage)).isEqualTo(pattern().doLayout(noPackage));
    }

    @Test
    void stackTraceFollowsTheLine() {
        Exception thrown = new IllegalStateException("boom", new java.io.IOException("root"));
        LoggingEvent event = event(Level.ERROR, "dev.warren.cli.Warren", "failed", thrown);
        String line = layout().doLayout(event);
        assertThat(line).startsWith(pattern().doLayout(event(Level.ERROR, "dev.warren.cli.Warren", "failed", null)))
                .contains("java.lang.IllegalStateException: boom", "Caused by: java.io.IOException: root",
                        "at dev.warren.cli.LogLineLayoutTest.stackTraceFollowsTheLine");
    }

    private LogLineLayout layout() {
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        return layout;
    }

    private PatternLayout pattern() {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(LoggingConfigurator.PATTERN);
        layout.start();
        return layout;
    }

    private LoggingEvent event(Level level, String logger, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger(logger), level, message, thrown, args);
        event.setTimeStamp(1_795_000_123_456L);
        return event;
    }
}
