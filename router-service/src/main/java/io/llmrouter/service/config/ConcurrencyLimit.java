package io.llmrouter.service.config;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lock-free cap on a tenant's calls in flight. Unlike a Fault Tolerance bulkhead around the routing Uni, which would
 * release its permit when a stream starts, this one is held until the stream ends, so long streams count.
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
