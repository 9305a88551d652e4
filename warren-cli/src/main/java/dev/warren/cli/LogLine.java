package dev.warren.cli;

import java.time.ZoneId;
import java.util.Locale;

/**
 * One log line as every Warren process prints it ({@value LogLine#PATTERN} in logback's pattern language), and which
 * level each logger logs at: shared by logback's {@link LogLineLayout} and the agent's {@link StderrLogProvider}.
 * No logback types here, so that the agent, which logs without logback, does not load them.
 */
final class LogLine {
    /** What {@link #append} prints, in logback's pattern language (the pattern of the former logback.xml). */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n";
    /** Loggers at WARN whatever the root level: libraries, and the TLS provider choice. */
    static final String[] QUIET_LOGGERS = {
        "io.netty", "dev.warren.common.tls.TlsContexts", "org.flywaydb", "com.zaxxer.hikari", "org.jdbi"
    };
    /** The root level's property, set by {@code Warren} from -v, WARREN_LOG_LEVEL or the command. */
    static final String LEVEL_PROPERTY = "warren.log.level";

    private static final LogTimestamp TIME = new LogTimestamp();

    private LogLine() {}

    /** Appends the line, without its line separator. */
    static void append(StringBuilder line, long millis, ZoneId zone, String level, String logger, String message) {
        TIME.append(line, millis, zone);
        line.append(' ').append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(": ").append(message);
    }

    /** True when {@code logger} is one of {@link #QUIET_LOGGERS} or below one. */
    static boolean quiet(String logger) {
        for (String quiet : QUIET_LOGGERS) {
            if (logger.equals(quiet) || logger.startsWith(quiet) && logger.charAt(quiet.length()) == '.') {
                return true;
            }
        }
        return false;
    }

    /** The root level's name from {@link #LEVEL_PROPERTY}, upper case; INFO when unset. */
    static String rootLevel() {
        return System.getProperty(LEVEL_PROPERTY, "INFO").trim().toUpperCase(Locale.ROOT);
    }
}
