package io.llmrouter.core.failure;

/**
 * How one upstream attempt ended, as far as routing cares.
 *
 * @param kind             what the router should do next
 * @param retryAfterMillis how long to cool the endpoint down ({@link Kind#RATE_LIMITED} only), else 0
 * @param reason           a short, secret-free label for logs and metrics ({@code "status 503"}, {@code "timeout"})
 */
public record Outcome(Kind kind, long retryAfterMillis, String reason) {

    /** What an attempt's result means for failover and for the endpoint's breaker. */
    public enum Kind {
        /** The upstream answered; the breaker records a success. */
        SUCCESS,
        /** Transient upstream failure: counts for the breaker, fail over to the next candidate. */
        RETRYABLE,
        /**
         * No answer at all: the connection was refused, the host unknown, or the connection reset or closed before an
         * answer. Counts for the breaker and fails over like {@link #RETRYABLE}; unlike a 5xx or a timeout it says
         * nothing about the request, so calling the same endpoint again is worth it when it is the only one.
         */
        UNREACHABLE,
        /** Too many requests: cool the endpoint down for the delay, fail over, no breaker penalty. */
        RATE_LIMITED,
        /** The endpoint's key is invalid or out of quota: force its breaker open, fail over. */
        BAD_KEY,
        /** The caller's request is at fault: return the error as is, no retry, no breaker penalty. */
        CALLER_ERROR
    }

    public Outcome {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        retryAfterMillis = Math.max(0, retryAfterMillis);
        reason = reason == null ? kind.name().toLowerCase(java.util.Locale.ROOT) : reason;
    }

    /** Success with a reason label. */
    public static Outcome success(String reason) {
        return new Outcome(Kind.SUCCESS, 0, reason);
    }

    /** A retryable failure. */
    public static Outcome retryable(String reason) {
        return new Outcome(Kind.RETRYABLE, 0, reason);
    }

    /** A connection that failed before any answer. */
    public static Outcome unreachable(String reason) {
        return new Outcome(Kind.UNREACHABLE, 0, reason);
    }

    /** A rate limit with its cooldown. */
    public static Outcome rateLimited(long retryAfterMillis, String reason) {
        return new Outcome(Kind.RATE_LIMITED, retryAfterMillis, reason);
    }

    /** A bad or exhausted key. */
    public static Outcome badKey(String reason) {
        return new Outcome(Kind.BAD_KEY, 0, reason);
    }

    /** The caller's fault. */
    public static Outcome callerError(String reason) {
        return new Outcome(Kind.CALLER_ERROR, 0, reason);
    }

    /** Whether the router should try another endpoint after this outcome. */
    public boolean failsOver() {
        return kind == Kind.RETRYABLE || kind == Kind.UNREACHABLE || kind == Kind.RATE_LIMITED
                || kind == Kind.BAD_KEY;
    }
}
