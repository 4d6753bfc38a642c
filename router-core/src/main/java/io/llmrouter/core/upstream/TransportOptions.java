package io.llmrouter.core.upstream;

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
 */
public record TransportOptions(Duration connectTimeout, Duration firstByteTimeout, Duration idleTimeout,
                               int maxConnectionsPerHost, boolean allowPrivateUpstreams, UpstreamLimits limits) {

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
}
