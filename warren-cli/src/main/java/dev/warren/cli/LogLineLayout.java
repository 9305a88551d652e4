package dev.warren.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.ZoneId;

/**
 * One log line, as the pattern {@value LogLine#PATTERN} prints it (then the stack trace of an exception,
 * if any), written out by hand: logback's pattern machinery (parser, converters, ~70 lambdas for its converter table)
 * would be ~150 classes kept for the life of every process.
 */
final class LogLineLayout extends LayoutBase<ILoggingEvent> {
    private final ZoneId zone = ZoneId.systemDefault();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        LogLine.append(line, event.getTimeStamp(), zone, event.getLevel().toString(), event.getLoggerName(),
                event.getFormattedMessage());
        line.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return line.toString();
    }
}
