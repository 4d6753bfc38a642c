package io.llmrouter.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records logged while an action runs, through java.util.logging: where JBoss Logging writes in plain JUnit, and
 * the log manager Quarkus installs in its tests.
 */
public final class CapturedLog {

    private CapturedLog() {
    }

    /** What {@code source} logs while {@code action} runs. */
    public static List<LogRecord> of(Class<?> source, Runnable action) {
        return capture(source.getName(), action);
    }

    /** What any logger logs while {@code action} runs. */
    public static List<LogRecord> everything(Runnable action) {
        return capture("", action);
    }

    private static List<LogRecord> capture(String loggerName, Runnable action) {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(loggerName);
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
        }
        synchronized (records) {
            return List.copyOf(records);
        }
    }
}
