package io.llmrouter.service.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.core.testing.CapturedLog;
import io.llmrouter.service.config.RouterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

class StoreStatusTest {

    private static final Duration RETRY = Duration.ofSeconds(1);
    /** A record's message with its parameters filled in, as a handler writes it. */
    private static final PatternFormatter MESSAGE = new PatternFormatter("%s");
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StoreStatus status = new StoreStatus(new StateSettings(RouterConfig.State.Store.REDIS, "p",
            Duration.ofMillis(50), RETRY, 0.05, Duration.ofSeconds(10), Duration.ofSeconds(15)), List::of, registry,
            nanos::get, () -> Instant.parse("2026-12-06T10:00:00Z"));
    private final AtomicInteger asked = new AtomicInteger();

    private Throwable run(Uni<String> answer) {
        return status.run(StoreStatus.Op.LEASE, () -> {
            asked.incrementAndGet();
            return answer;
        }).onItemOrFailure().transform((item, failure) -> failure).await().atMost(Duration.ofSeconds(10));
    }

    private double count(String result) {
        return registry.get("router_state_store_operations").tag("op", "lease").tag("result", result).counter()
                .count();
    }

    @Test
    void twoFailuresOpenTheStoreBreakerWhichSkipsTheNetworkUntilItsProbe() {
        IllegalStateException refused = new IllegalStateException("connection refused");
        List<LogRecord> log = CapturedLog.of(StoreStatus.class, () -> {
            assertNull(run(Uni.createFrom().item("ok")));
            assertEquals(refused, run(Uni.createFrom().failure(refused)));
            assertTrue(status.up(), "one failure is no outage");
            assertInstanceOf(TimeoutException.class, run(Uni.createFrom().nothing()), "a timeout is a failure");
            assertFalse(status.up());
            assertEquals(Instant.parse("2026-12-06T10:00:00Z"), status.outageSince());
            for (int i = 0; i < 5; i++) {
                assertInstanceOf(StoreStatus.StoreUnavailable.class, run(Uni.createFrom().item("ok")));
            }
            assertEquals(3, asked.get(), "while open, the store is not asked");
            nanos.addAndGet(RETRY.toNanos());
            assertEquals(refused, run(Uni.createFrom().failure(refused)), "the probe");
            assertInstanceOf(StoreStatus.StoreUnavailable.class, run(Uni.createFrom().item("ok")));
            nanos.addAndGet(RETRY.toNanos());
            assertNull(run(Uni.createFrom().item("ok")));
            assertTrue(status.up());
        });
        assertEquals(List.of(Level.WARNING, Level.INFO), log.stream().map(LogRecord::getLevel).toList(),
                "one WARN per outage, one INFO at its end: " + log);
        assertEquals(2, count("ok"));
        assertEquals(2, count("error"));
        assertEquals(1, count("timeout"));
        assertEquals(6, count("skipped"));
        assertEquals(1.0, registry.get("router_state_store_up").gauge().value());
        assertEquals(5, registry.get("router_state_store_latency").tag("op", "lease").timer().count());
    }

    @Test
    void everyFailedOperationIsLoggedAtDebugASingleOneToo() {
        Logger logger = Logger.getLogger(StoreStatus.class.getName());
        Level level = logger.getLevel();
        logger.setLevel(Level.FINE);
        List<LogRecord> log;
        try {
            log = CapturedLog.of(StoreStatus.class, () -> {
                run(Uni.createFrom().failure(new IllegalStateException("NOSCRIPT No matching script")));
                run(Uni.createFrom().item("ok"));
                run(Uni.createFrom().nothing());
            });
        } finally {
            logger.setLevel(level);
        }
        List<String> debug = log.stream().filter(r -> r.getLevel().intValue() == Level.FINE.intValue())
                .map(MESSAGE::format).toList();
        assertEquals(2, debug.size(), "a single failure, under the threshold, is in the log too: " + debug);
        assertTrue(debug.get(0).matches("State store \\(redis\\): lease failed \\(error\\) after \\d+ ms: "
                + "IllegalStateException: NOSCRIPT No matching script"), debug.get(0));
        assertTrue(debug.get(1).matches("State store \\(redis\\): lease failed \\(timeout\\) after \\d+ ms: "
                + "TimeoutException.*"), debug.get(1));
        assertTrue(status.up(), "two failures apart are no outage");
        assertEquals(1, count("error"));
        assertEquals(1, count("timeout"));
    }
}
