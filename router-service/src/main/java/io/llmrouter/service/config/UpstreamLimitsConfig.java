package io.llmrouter.service.config;

import io.llmrouter.api.error.ConfigurationException;
import io.llmrouter.core.stream.FrameLimits;
import io.llmrouter.core.upstream.UpstreamLimits;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;

/**
 * The limits on what an upstream may send ({@code router.upstream.max-*}), checked at start-up: every size positive
 * and at most 1G (an answer or a frame is held in one array), the duration positive. A wrong value names its property.
 */
public final class UpstreamLimitsConfig {

    private static final String PREFIX = "router.upstream.";

    private UpstreamLimitsConfig() {
    }

    /** The limits of {@code upstream}; throws {@link ConfigurationException} for a value out of range. */
    public static UpstreamLimits of(RouterConfig.Upstream upstream) {
        long response = size("max-response-size", upstream.maxResponseSize());
        int line = (int) size("max-line-size", upstream.maxLineSize());
        int event = (int) size("max-event-size", upstream.maxEventSize());
        Duration duration = upstream.maxResponseDuration();
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigurationException(PREFIX + "max-response-duration", "must be positive, got " + duration);
        }
        return new UpstreamLimits(response, new FrameLimits(line, event), duration);
    }

    private static long size(String key, MemorySize size) {
        long bytes = size.asLongValue();
        if (bytes < 1 || bytes > FrameLimits.MAX_BYTES) {
            throw new ConfigurationException(PREFIX + key, "must be between 1 and 1G, got " + bytes + " bytes");
        }
        return bytes;
    }
}
