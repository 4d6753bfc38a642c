package io.llmrouter.service.config;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lock-free cap on a tenant's calls in flight, held until a stream's last frame so that long streams count, and
 * refusing at once when full. A SmallRye Fault Tolerance bulkhead cannot express this: around the routing Uni it
 * releases its permit when a stream's head is ready; around a Uni that completes at the stream's end it would hold
 * correctly, but asynchronous FT bulkheads always keep a waiting queue (at least one slot, "Queue size must be
 * &gt;= 1") and admit later on the event loop, so a call over the limit would wait instead of getting its 429 (tried
 * and measured in AccessTest). The requests-per-minute limit does use a Fault Tolerance guard.
 */
public final class ConcurrencyLimit {

    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ConcurrencyLimit(int max) {
        this.max = max;
    }

    /** Takes a permit; false when the tenant is at its limit. */
    public boolean tryAcquire() {
        for (;;) {
            int n = inFlight.get();
            if (n >= max) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Returns a permit. */
    public void release() {
        inFlight.decrementAndGet();
    }

    /** Calls in flight. */
    public int inFlight() {
        return inFlight.get();
    }
}
