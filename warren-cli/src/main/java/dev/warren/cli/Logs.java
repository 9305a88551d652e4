package dev.warren.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Log lines are written by a background thread: drain them before the process ends. */
final class Logs {
    private Logs() {}

    static void flush() {
        Object factory = LoggerFactory.getILoggerFactory();
        // by name first: the agent logs without logback (StderrLogProvider), and must not load it on its way out
        if (factory.getClass().getName().startsWith("ch.qos.logback.") && factory instanceof LoggerContext context) {
            context.stop(); // stops the stderr appender after it wrote what was queued (BatchingStderrAppender.stop)
        }
    }
}
