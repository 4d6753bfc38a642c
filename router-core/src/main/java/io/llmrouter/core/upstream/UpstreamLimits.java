package io.llmrouter.core.upstream;

import io.llmrouter.core.failure.UpstreamFault;
import io.llmrouter.core.stream.FrameLimits;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The most the router takes from one upstream answer, whatever the upstream sends: a complete answer's size, a
 * stream's lines and events, and how long an answer may last in all. Over any of them the answer is refused with an
 * {@link io.llmrouter.core.failure.UpstreamFault}; see docs/operations.md.
 *
 * @param maxResponseBytes largest complete answer, and largest error body ({@code router.upstream.max-response-size})
 * @param frames           longest stream line and largest stream event ({@code max-line-size}, {@code max-event-size})
 * @param maxDuration      longest an answer may take from sending the request to its last byte, streamed or not
 *                         ({@code router.upstream.max-response-duration}); the idle timeout alone lets an upstream
 *                         that sends a byte now and then hold a call forever
 */
public record UpstreamLimits(long maxResponseBytes, FrameLimits frames, Duration maxDuration) {

    /**
     * 32 MiB for a complete answer (a few generated images as base64, or a long answer, fit well within it), the
     * {@link FrameLimits#DEFAULTS} for streams, and 30 minutes for an answer: long reasoning answers stream for many
     * minutes.
     */
    public static final UpstreamLimits DEFAULTS = new UpstreamLimits(32L << 20, FrameLimits.DEFAULTS,
            Duration.ofMinutes(30));

    public UpstreamLimits {
        if (maxResponseBytes < 1 || maxResponseBytes > FrameLimits.MAX_BYTES) {
            throw new IllegalArgumentException("maxResponseBytes must be between 1 and " + FrameLimits.MAX_BYTES
                    + ", got " + maxResponseBytes);
        }
        if (frames == null) {
            throw new IllegalArgumentException("frames is required");
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive, got " + maxDuration);
        }
    }

    /** The failure of an answer that lasted longer than {@link #maxDuration()}. */
    public UpstreamFault tooLong() {
        return new UpstreamFault(UpstreamFault.Kind.TOO_LONG, "answer lasted longer than "
                + seconds(maxDuration.toNanos()) + " (router.upstream.max-response-duration)");
    }

    /** A duration as the transports' messages give it: whole seconds, else milliseconds. */
    static String seconds(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
