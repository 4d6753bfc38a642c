package io.llmrouter.core.upstream;

import io.llmrouter.api.error.ConfigurationException;
import java.time.Duration;

/**
 * Timeouts and limits of the upstream transport.
 *
 * @param connectTimeout        TCP/TLS connect timeout
 * @param firstByteTimeout      time from sending the request to the response headers (an LLM may think a while)
 * @param idleTimeout           longest silence between two chunks of a streamed answer
 * @param maxConnectionsPerHost keep-alive pool size per upstream host
 * @param allowPrivateUpstreams skip the DNS check of resolved addresses (tests, demo, on-prem models)
 * @param limits                the most taken from one answer: its size and its duration
 * @throws ConfigurationException naming the property ({@code connect-timeout}, ...) of a timeout that is not
 *                                between 1 ms and {@link #MAX_TIMEOUT}, or of a pool smaller than 1
 */
public record TransportOptions(Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout,
                               int maxConnectionsPerHost, boolean allowPrivateUpstreams, UpstreamLimits limits) {

    /**
     * Longest timeout accepted: a day. Zero or negative timeouts fail every call, and far longer ones are typing
     * mistakes that would hold connections for ever (and no longer fit the clients' millisecond ints).
     */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    public TransportOptions {
        timeout("connect-timeout", connectTimeout);
        timeout("first-byte-timeout", firstByteTimeout);
        timeout("idle-timeout", idleTimeout);
        if (maxConnectionsPerHost < 1) {
            throw new ConfigurationException("max-connections-per-host", "must be at least 1, got "
                    + maxConnectionsPerHost);
        }
    }

    /** Options with the {@link UpstreamLimits#DEFAULTS}. */
    public TransportOptions(Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout,
                            int maxConnectionsPerHost, boolean allowPrivateUpstreams) {
        this(connectTimeout, firstByteTimeout, idleTimeout, maxConnectionsPerHost, allowPrivateUpstreams,
                UpstreamLimits.DEFAULTS);
    }

    /**
     * Defaults: 5 s connect, 120 s to first byte, 60 s between chunks, 512 pooled connections per host, the
     * {@link UpstreamLimits#DEFAULTS}.
     */
    public static TransportOptions defaults(boolean allowPrivateUpstreams) {
        return new TransportOptions(Duration.ofSeconds(5), Duration.ofSeconds(120), Duration.ofSeconds(60), 512,
                allowPrivateUpstreams);
    }

    private static void timeout(String property, Duration value) {
        if (value == null || value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigurationException(property, "must be between 1ms and 24h, got " + value);
        }
    }
}
