package io.llmrouter.core.selection;

/** Why an {@link AttemptPlan} has nothing more to offer; each maps to the status the caller answers with. */
public enum Exhaustion {
    /** The plan still has something to offer (or has not been asked yet). */
    NONE,
    /** No call was made: every candidate's breaker refused → 503. */
    ALL_OPEN,
    /** No call could be made because candidates are cooling down after 429s → 429 with {@code Retry-After}. */
    ALL_RATE_LIMITED,
    /** Calls were made and failed, up to {@code max-attempts} or until no candidate was left → 502. */
    ATTEMPTS_EXHAUSTED
}
