package io.llmrouter.core.failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Capped exponential backoff with full jitter: {@code random(0, min(cap, base × 2^attempt))}. Full jitter spreads
 * retries of many callers over the whole window instead of synchronising them on the same instant.
 */
public final class Backoff {

    /** Base delay of the defaults: 100 ms. */
    public static final Duration DEFAULT_BASE = Duration.ofMillis(100);
    /** Cap of the defaults: 2 s. */
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(2);
    /** 100 ms base, 2 s cap, thread-local randomness. */
    public static final Backoff DEFAULT = new Backoff(DEFAULT_BASE, DEFAULT_CAP, Backoff::uniform);

    private final long baseMillis;
    private final long capMillis;
    private final LongUnaryOperator random;

    /**
     * @param base   delay window of the first retry
     * @param cap    largest window
     * @param random given an inclusive bound {@code n ≥ 0}, returns a value in {@code [0, n]}
     */
    public Backoff(Duration base, Duration cap, LongUnaryOperator random) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        if (baseMillis < 0 || capMillis < 0) {
            throw new IllegalArgumentException("backoff base and cap must not be negative");
        }
        this.random = random;
    }

    /** The largest window, in milliseconds. */
    public long capMillis() {
        return capMillis;
    }

    /** The upper bound of the window for this retry (0-based): {@code min(cap, base × 2^retry)}. */
    public long windowMillis(int retry) {
        if (retry < 0) {
            return 0;
        }
        // Shifting past the sign bit or overflowing the product means "beyond the cap".
        if (retry >= 62 || baseMillis > (capMillis >> Math.min(retry, 62))) {
            return capMillis;
        }
        return Math.min(capMillis, baseMillis << retry);
    }

    /** A delay in {@code [0, window(retry)]} milliseconds. */
    public long delayMillis(int retry) {
        long window = windowMillis(retry);
        long d = random.applyAsLong(window);
        return Math.max(0, Math.min(window, d));
    }

    private static long uniform(long inclusiveBound) {
        return inclusiveBound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(inclusiveBound + 1);
    }
}
