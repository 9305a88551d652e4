package dev.warren.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.time.Duration;

/**
 * Warren's logging, set up in code (found by logback through {@code META-INF/services}) rather than by a
 * {@code logback.xml}: logback's XML configurator (Joran, SAX, its model classes) and its pattern layout load ~600 classes
 * that stay in the metaspace of every long-running process, the agent on small devices first.
 *
 * <ul>
 *   <li>lines as {@value #PATTERN} would print them ({@link LogLineLayout}), and stack traces;
 *   <li>stderr only: stdout carries secrets (alone on the last line) and tunnels ({@code connect --stdio});
 *   <li>written by a background thread in batches ({@link BatchingStderrAppender}: a log line per connection or stream
 *       must not cost its setup a wake-up and a write); a line waits at most {@value #LINGER_MILLIS} ms, a warning
 *       not at all; nothing is discarded: a full queue (8192) slows the logger rather than losing lines, and a normal
 *       exit writes everything queued;
 *   <li>root level from {@code -Dwarren.log.level} (set by {@code Warren} from -v, WARREN_LOG_LEVEL or the command),
 *       INFO by default; Netty, {@code TlsContexts}, Flyway, Hikari and JDBI at WARN;
 *   <li>logback's own status messages are not printed.
 * </ul>
 *
 * A {@code -Dlogback.configurationFile=FILE}, or a {@code logback-test.xml} on the class path (tests), still wins:
 * then this configurator steps aside and logback reads that file.
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {
    /** What {@link LogLineLayout} prints, in logback's pattern language (the pattern of the former logback.xml). */
    static final String PATTERN = LogLine.PATTERN;
    static final int LINGER_MILLIS = 50;

    public LoggingConfigurator() {}

    /** Encodes an event as {@link LogLineLayout} prints it. */
    static LayoutWrappingEncoder<ILoggingEvent> lineEncoder(LoggerContext context) {
        LogLineLayout layout = new LogLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LoggingConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());

        BatchingStderrAppender stderr = new BatchingStderrAppender(lineEncoder(context), () -> System.err, 8192,
                Duration.ofMillis(LINGER_MILLIS));
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.start();
        // whatever way the process ends normally (a command's own shutdown hook, SIGTERM), queued lines are written
        Runtime.getRuntime().addShutdownHook(new Thread(stderr::flush, "log-flush"));

        for (String name : LogLine.QUIET_LOGGERS) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(LogLine.LEVEL_PROPERTY), Level.INFO));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
