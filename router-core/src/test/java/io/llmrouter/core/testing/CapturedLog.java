package io.llmrouter.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The records one class logs while an action runs (JBoss Logging writes to java.util.logging in plain JUnit). */
public final class CapturedLog {

    private CapturedLog() {
    }

    public static List<LogRecord> of(Class<?> source, Runnable action) {
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
        Logger logger = Logger.getLogger(source.getName());
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
