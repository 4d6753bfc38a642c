package io.llmrouter.service.it;

import io.llmrouter.core.breaker.Ticker;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scripted clock for breakers and 429 cooldowns: time stands still until a test advances it. An alternative enabled
 * only by {@link UpstreamsProfile}, so other test profiles keep {@link Ticker#SYSTEM}.
 */
@Alternative
@Singleton
public class ManualTicker implements Ticker {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanos() {
        return now.get();
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
