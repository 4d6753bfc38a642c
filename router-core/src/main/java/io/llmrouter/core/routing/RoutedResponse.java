package io.llmrouter.core.routing;

import io.llmrouter.api.Usage;
import io.smallrye.mutiny.Multi;
import java.util.Map;

/**
 * What goes back to the client, already in its protocol: either a complete body or a stream of frames.
 *
 * @param status      HTTP status
 * @param contentType content type of body or stream
 * @param headers     extra response headers ({@code x-router-*}, {@code Retry-After})
 * @param body        the complete body, or null for a stream
 * @param stream      the frames of a streamed answer, or null
 * @param usage       usage of a complete answer; null for streams (reported at their end) and errors
 */
public record RoutedResponse(int status, String contentType, Map<String, String> headers, byte[] body,
                             Multi<byte[]> stream, Usage usage) {

    /** Response header naming the endpoint that served the call. */
    public static final String ENDPOINT_HEADER = "x-router-endpoint";
    /** Response header with the number of upstream attempts. */
    public static final String ATTEMPTS_HEADER = "x-router-attempts";
    /** Usage headers of non-streamed answers. */
    public static final String INPUT_TOKENS_HEADER = "x-router-input-tokens";
    public static final String OUTPUT_TOKENS_HEADER = "x-router-output-tokens";
    public static final String USAGE_ACCURATE_HEADER = "x-router-usage-accurate";
    public static final String COST_HEADER = "x-router-cost-usd";
    /** The client's fields a converted call left out, comma-separated (docs/protocols.md, "Drops and strict mode"). */
    public static final String DROPPED_HEADER = "x-router-dropped";

    /** True when this is a stream. */
    public boolean streaming() {
        return stream != null;
    }
}
