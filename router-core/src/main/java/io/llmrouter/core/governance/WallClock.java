package io.llmrouter.core.governance;

/**
 * Wall-clock time in milliseconds since the Unix epoch, injected so that windows, budget periods and key expiry can
 * be tested with a scripted clock. Windows are aligned on UTC boundaries, which only a wall clock can tell; durations
 * (breakers, timeouts) use the monotonic {@link io.llmrouter.core.breaker.Ticker} instead.
 */
@FunctionalInterface
public interface WallClock {

    /** The system's clock. */
    WallClock SYSTEM = System::currentTimeMillis;

    /** Milliseconds since 1970-01-01T00:00:00Z. */
    long millis();
}
