package io.llmrouter.service.it;

import io.llmrouter.core.governance.WallClock;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scripted wall clock for limits' windows, budget periods and key expiry: time stands still (at {@link #START}) until a
 * test advances it, so a minute's limit never straddles two minutes. An alternative enabled only by
 * {@link UpstreamsProfile}.
 */
@Alternative
@Singleton
public class ManualWallClock implements WallClock {

    /** Where the clock starts: 2026-11-20T11:42:10Z, 50 s before the next minute and ten days before December. */
    public static final Instant START = Instant.parse("2026-11-20T11:42:10Z");

    private final AtomicLong now = new AtomicLong(START.toEpochMilli());

    @Override
    public long millis() {
        return now.get();
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
        now.addAndGet(d.toMillis());
    }
}
