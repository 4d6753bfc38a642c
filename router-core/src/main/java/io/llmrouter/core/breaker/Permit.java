package io.llmrouter.core.breaker;

/** What {@link CircuitBreaker#acquire()} granted: nothing, an ordinary call, or the single half-open probe. */
public enum Permit {
    /** The breaker refused the call. */
    DENIED,
    /** An ordinary call through a closed breaker. */
    CLOSED,
    /** The one half-open probe; its outcome decides whether the breaker closes or re-opens. */
    PROBE;

    /** Whether a call may be made. */
    public boolean granted() {
        return this != DENIED;
    }
}
