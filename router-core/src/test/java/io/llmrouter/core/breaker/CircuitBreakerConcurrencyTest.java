package io.llmrouter.core.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.api.CircuitBreakerConfig;
import io.llmrouter.core.breaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CircuitBreakerConcurrencyTest {

    private static final int THREADS = 8;
    private static final Duration RECOVERY = Duration.ofMillis(10);

    @Test
    void failureCountsAreNeverLost() throws Exception {
        int perThread = 20_000;
        CircuitBreaker b = new CircuitBreaker(new CircuitBreakerConfig(Integer.MAX_VALUE, RECOVERY), new ManualTicker());
        run(THREADS, t -> {
            for (int i = 0; i < perThread; i++) {
                b.markFailure();
            }
        });
        assertEquals(THREADS * perThread, b.consecutiveFailures());
        assertEquals(State.CLOSED, b.state());
    }

    @Test
    void oneProbeAtATimeAndNoCloseWithoutAProbe() throws Exception {
        ManualTicker ticker = new ManualTicker();
        CircuitBreaker b = new CircuitBreaker(new CircuitBreakerConfig(3, RECOVERY), ticker);
        AtomicInteger outstandingProbes = new AtomicInteger();
        AtomicInteger maxOutstanding = new AtomicInteger();
        AtomicLong probesGranted = new AtomicLong();
        AtomicLong probeSuccesses = new AtomicLong();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger reopenedWithoutProbe = new AtomicInteger();
        int iterations = 40_000;

        run(THREADS + 1, t -> {
            if (t == THREADS) {
                // Observer: whenever it sees OPEN and later CLOSED, a probe must have succeeded in between
                // (the probe was granted after the OPEN reading, and counts its success before reporting it).
                for (int i = 0; i < iterations; i++) {
                    long before = probeSuccesses.get();
                    if (b.state() == State.OPEN) {
                        while (b.state() == State.OPEN && i++ < iterations) {
                            Thread.onSpinWait();
                        }
                        if (b.state() == State.CLOSED && probeSuccesses.get() == before) {
                            reopenedWithoutProbe.incrementAndGet();
                        }
                    }
                }
                return;
            }
            SplittableRandom random = new SplittableRandom(t);
            for (int i = 0; i < iterations; i++) {
                if (random.nextInt(64) == 0) {
                    ticker.advance(RECOVERY.dividedBy(4));
                }
                Permit p = b.acquire();
                if (p == Permit.PROBE) {
                    probesGranted.incrementAndGet();
                    int now = outstandingProbes.incrementAndGet();
                    maxOutstanding.accumulateAndGet(now, Math::max);
                    if (now != 1) {
                        violations.incrementAndGet();
                    }
                    int action = random.nextInt(3);
                    // Decrement before reporting: once reported, another probe may legitimately be granted.
                    outstandingProbes.decrementAndGet();
                    if (action == 0) {
                        probeSuccesses.incrementAndGet();
                        b.markSuccess(p);
                    } else if (action == 1) {
                        b.markFailure(p);
                    } else {
                        b.release();
                    }
                } else if (p == Permit.CLOSED) {
                    if (random.nextInt(3) == 0) {
                        b.markSuccess(p);
                    } else {
                        b.markFailure(p);
                    }
                }
            }
        });

        assertEquals(0, violations.get(), "max outstanding probes " + maxOutstanding.get());
        assertEquals(1, maxOutstanding.get());
        assertEquals(0, reopenedWithoutProbe.get());
        assertTrue(probesGranted.get() > 10, "the schedule must cross state changes, probes: " + probesGranted);
        assertTrue(probeSuccesses.get() > 0);
    }

    @Test
    void racingForTheProbeHasExactlyOneWinnerEachRound() throws Exception {
        ManualTicker ticker = new ManualTicker();
        CircuitBreaker b = new CircuitBreaker(new CircuitBreakerConfig(1, RECOVERY), ticker);
        for (int round = 0; round < 200; round++) {
            b.forceOpen();
            ticker.advance(RECOVERY);
            AtomicInteger winners = new AtomicInteger();
            run(THREADS, t -> {
                if (b.tryAcquire()) {
                    winners.incrementAndGet();
                }
            });
            assertEquals(1, winners.get(), "round " + round);
            assertEquals(State.HALF_OPEN, b.state());
        }
    }

    private interface Worker {
        void run(int thread) throws Exception;
    }

    /** Starts all workers behind one gate so they really contend, then waits for all of them. */
    private static void run(int threads, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    worker.run(id);
                    return null;
                }));
            }
            ready.await();
            start.countDown();
            for (Future<?> f : futures) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
