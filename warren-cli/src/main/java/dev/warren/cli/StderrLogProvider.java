package dev.warren.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The agent's logging: SLF4J straight to standard error, without logback. The same lines as every Warren process
 * ({@link LogLine}: format, levels, the quiet libraries), each written at once with one write; a stack trace is the
 * JDK's ({@code ... n more} where logback says {@code ... n common frames omitted}). logback, its context, its
 * writer thread and their classes cost the long-running agent ~1.4 MB; the agent logs a few lines an hour, so it
 * gains nothing from batching them. {@code Warren.main} chooses it for {@code agent run} (the {@code slf4j.provider}
 * property) unless a logback configuration file is given.
 */
public final class StderrLogProvider implements SLF4JServiceProvider {
    private final Loggers loggers = new Loggers();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    public StderrLogProvider() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    /** The level names logback knows, as SLF4J's thresholds; anything else is INFO, as logback's Level.toLevel does. */
    static int threshold(String logger, String rootLevel) {
        if (LogLine.quiet(logger)) {
            return Level.WARN.toInt();
        }
        return switch (rootLevel) {
            case "ALL", "TRACE" -> Level.TRACE.toInt();
            case "DEBUG" -> Level.DEBUG.toInt();
            case "WARN" -> Level.WARN.toInt();
            case "ERROR" -> Level.ERROR.toInt();
            case "OFF" -> Integer.MAX_VALUE;
            default -> Level.INFO.toInt();
        };
    }

    /** One log line and the stack trace after it, as {@link LogLine} and the JDK print them. */
    static String format(long millis, ZoneId zone, Level level, String logger, String message, Throwable thrown) {
        StringBuilder line = new StringBuilder(128);
        LogLine.append(line, millis, zone, level.toString(), logger, message);
        line.append(System.lineSeparator());
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static final class Loggers implements ILoggerFactory {
        private final ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();
        private final ZoneId zone = ZoneId.systemDefault();
        private final String rootLevel = LogLine.rootLevel();

        @Override
        public Logger getLogger(String name) {
            return byName.computeIfAbsent(name, n -> new StderrLogger(n, threshold(n, rootLevel), zone));
        }
    }

    private static final class StderrLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final int threshold;
        private final transient ZoneId zone;

        StderrLogger(String name, int threshold, ZoneId zone) {
            this.name = name;
            this.threshold = threshold;
            this.zone = zone;
        }

        @Override
        public boolean isTraceEnabled() {
            return threshold <= Level.TRACE.toInt();
        }

        @Override
        public boolean isDebugEnabled() {
            return threshold <= Level.DEBUG.toInt();
        }

        @Override
        public boolean isInfoEnabled() {
            return threshold <= Level.INFO.toInt();
        }

        @Override
        public boolean isWarnEnabled() {
            return threshold <= Level.WARN.toInt();
        }

        @Override
        public boolean isErrorEnabled() {
            return threshold <= Level.ERROR.toInt();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                Throwable thrown) {
            String text = arguments == null ? message : MessageFormatter.basicArrayFormat(message, arguments);
            // the whole text in one write of its bytes, so lines of two threads never mix; encoded at once in the
            // stream's own charset (String.getBytes), not char by char through print's writer and encoder, which
            // cost the agent more than the write itself for its line per stream
            PrintStream err = System.err;
            byte[] line = format(System.currentTimeMillis(), zone, level, name, text, thrown).getBytes(err.charset());
            err.write(line, 0, line.length);
            err.flush();
        }
    }
}
