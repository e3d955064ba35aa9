package riderupdates.support;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The messages a logger of log4j2.properties lets through, as they would reach stderr: attached to the logger's
 * own configuration, so its level applies.
 */
public final class LogCapture implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final LoggerContext context;
    private final LoggerConfig logger;
    private final AbstractAppender appender;

    /** @param loggerName a logger named in log4j2.properties */
    public LogCapture(String loggerName) {
        context = (LoggerContext) LogManager.getContext(false);
        logger = context.getConfiguration().getLoggerConfig(loggerName);
        if (!logger.getName().equals(loggerName)) {
            throw new IllegalArgumentException("log4j2.properties configures no logger " + loggerName);
        }
        appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                messages.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        logger.addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
