package io.llmrouter.service.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.telemetry.CallRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage records' writer: the routing thread only queues, records are written in batches (several lines in one
 * log message), a full queue drops and counts instead of waiting, and closing writes what is still queued.
 */
class UsageRecordsWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    /** Long enough that the writer never wakes by itself during a test: only close() makes it write. */
    private static final long NEVER_MILLIS = 3_600_000;

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Semaphore written = new Semaphore(0);
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
            written.release(record.getMessage().split(System.lineSeparator()).length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final Logger category = Logger.getLogger(UsageRecords.CATEGORY);
    private boolean parents;

    @BeforeEach
    void capture() {
        parents = category.getUseParentHandlers();
        category.setUseParentHandlers(false);
        category.addHandler(capture);
    }

    @AfterEach
    void release() {
        category.removeHandler(capture);
        category.setUseParentHandlers(parents);
    }

    @Test
    void queuedRecordsAreWrittenTogetherAsOneLinePerRecord() {
        AtomicInteger dropped = new AtomicInteger();
        UsageRecords records = new UsageRecords(CLOCK, dropped::incrementAndGet, 8, NEVER_MILLIS);
        records.onCall(call("a"));
        records.onCall(call("b"));
        records.onCall(call("c"));
        assertTrue(messages.isEmpty(), "nothing is written on the routing thread");
        records.close();
        assertEquals(1, messages.size(), "one message for the batch: " + messages);
        String[] lines = messages.get(0).split(System.lineSeparator());
        assertEquals(3, lines.length);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines[i].startsWith("{\"timestamp\":\"2026-12-06T10:00:00Z\""), lines[i]);
            assertTrue(lines[i].contains("\"endpoint\":\"" + "abc".charAt(i) + "\""), lines[i]);
        }
        assertEquals(0, dropped.get());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() {
        AtomicInteger dropped = new AtomicInteger();
        UsageRecords records = new UsageRecords(CLOCK, dropped::incrementAndGet, 2, NEVER_MILLIS);
        records.onCall(call("a"));
        records.onCall(call("b"));
        records.onCall(call("c"));
        assertEquals(1, dropped.get());
        records.close();
        String written = String.join(System.lineSeparator(), messages);
        assertTrue(written.contains("\"endpoint\":\"a\"") && written.contains("\"endpoint\":\"b\""), written);
        assertTrue(!written.contains("\"endpoint\":\"c\""), written);
    }

    @Test
    void theWriterWakesByItselfAndSplitsLongQueuesIntoBatches() throws InterruptedException {
        UsageRecords records = new UsageRecords(CLOCK, () -> { }, 4 * UsageRecords.BATCH, 1);
        for (int i = 0; i < UsageRecords.BATCH + 1; i++) {
            records.onCall(call("e" + i));
        }
        assertTrue(written.tryAcquire(UsageRecords.BATCH + 1, 20, TimeUnit.SECONDS), "written without close()");
        records.close();
        assertEquals(0, written.availablePermits(), "each record once");
        assertTrue(messages.size() >= 2, "at most BATCH lines per message");
        for (String m : messages) {
            assertTrue(m.split(System.lineSeparator()).length <= UsageRecords.BATCH);
        }
    }

    private static CallRecord call(String endpoint) {
        return new CallRecord("acme", endpoint, Protocol.OPENAI, Protocol.ANTHROPIC, "success", 200, 1, null, false);
    }
}
