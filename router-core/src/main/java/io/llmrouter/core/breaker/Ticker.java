package io.llmrouter.core.breaker;

/** A monotonic nanosecond clock, injected so breakers and cooldowns can be tested with scripted time. */
@FunctionalInterface
public interface Ticker {

    /** The JVM's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    /** Current time in nanoseconds; only differences between two readings are meaningful. */
    long nanos();
}
