package io.llmrouter.service.it;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps the log records of one logger category (and those below it) while installed: what the router wrote, as the
 * log manager saw it, without parsing console output.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final BlockingQueue<LogRecord> records = new LinkedBlockingQueue<>();
    private final List<LogRecord> all = new ArrayList<>();
    private final Deque<String> lines = new ArrayDeque<>();

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
    }

    /**
     * Starts capturing {@code category}; the empty string captures every category that passes its records on to the
     * root (the usage records do not).
     */
    static LogCapture of(String category) {
        LogCapture capture = new LogCapture(category);
        capture.logger.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            // The logging context (MDC) is read from the logging thread unless copied while it is still there.
            ext.copyAll();
        }
        records.add(record);
        synchronized (all) {
            all.add(record);
        }
    }

    /** The next record matching {@code wanted}, waiting for it up to 20 s; fails when none comes. */
    LogRecord next(Predicate<LogRecord> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LogRecord r = records.poll(left, TimeUnit.NANOSECONDS);
            if (r != null && wanted.test(r)) {
                return r;
            }
        }
        throw new AssertionError("no matching log record within 20 s");
    }

    /**
     * The next line matching {@code wanted} of the records' messages, waiting for it up to 20 s; for categories that
     * write several lines in one record (usage records are written in batches).
     */
    String nextLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            for (String line; (line = lines.poll()) != null; ) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            long left = deadline - System.nanoTime();
            LogRecord r = left > 0 ? records.poll(left, TimeUnit.NANOSECONDS) : null;
            if (r == null) {
                throw new AssertionError("no matching log line within 20 s");
            }
            lines.addAll(List.of(r.getMessage().split(System.lineSeparator())));
        }
    }

    /** Every record captured so far. */
    List<LogRecord> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
