package io.llmrouter.api;

import java.time.Duration;

/**
 * When an endpoint's breaker opens and how long it stays open before one probe is let through.
 *
 * @param threshold       consecutive failures that open the breaker (at least 1)
 * @param recoveryTimeout time an open breaker waits before admitting a single half-open probe
 */
public record CircuitBreakerConfig(int threshold, Duration recoveryTimeout) {

    /** Default threshold: three consecutive failures. */
    public static final int DEFAULT_THRESHOLD = 3;
    /** Default recovery timeout: sixty seconds. */
    public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    /** The defaults of the contract: 3 failures, 60 s. */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(DEFAULT_THRESHOLD, DEFAULT_RECOVERY_TIMEOUT);

    public CircuitBreakerConfig {
        if (threshold < 1) {
            throw new IllegalArgumentException("breaker threshold must be at least 1, got " + threshold);
        }
        if (recoveryTimeout == null || recoveryTimeout.isNegative() || recoveryTimeout.isZero()) {
            throw new IllegalArgumentException("breaker recovery timeout must be positive, got " + recoveryTimeout);
        }
    }
}
