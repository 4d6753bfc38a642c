package io.llmrouter.core.governance;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Scripted wall-clock time for tests: only moves when told. Thread-safe. */
public final class ManualWallClock implements WallClock {

    private final AtomicLong now;

    public ManualWallClock(Instant start) {
        now = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public long millis() {
        return now.get();
    }

    /** Moves time forward. */
    public void advance(Duration d) {
        now.addAndGet(d.toMillis());
    }

    /** Sets the time. */
    public void set(Instant t) {
        now.set(t.toEpochMilli());
    }
}
