package io.llmrouter.core.breaker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Scripted time for tests: starts at an arbitrary large value and only moves when told. Thread-safe. */
public final class ManualTicker implements Ticker {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long nanos() {
        return now.get();
    }

    /** Moves time forward. */
    public void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
