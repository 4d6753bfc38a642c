package io.llmrouter.core.routing;

import io.llmrouter.api.Usage;
import io.smallrye.mutiny.Multi;
import java.util.Map;
import java.util.Optional;

/**
 * What goes back to the caller, already in its protocol: a complete answer (errors included) or a stream of frames.
 * The front doors write it as it is; they never encode anything themselves.
 */
public sealed interface RoutedResponse permits RoutedResponse.Complete, RoutedResponse.Streamed {

    /** Response header naming the endpoint that served the call. */
    String ENDPOINT_HEADER = "x-router-endpoint";
    /** Response header with the number of upstream attempts. */
    String ATTEMPTS_HEADER = "x-router-attempts";
    /** Usage headers of non-streamed answers. */
    String INPUT_TOKENS_HEADER = "x-router-input-tokens";
    String OUTPUT_TOKENS_HEADER = "x-router-output-tokens";
    String USAGE_ACCURATE_HEADER = "x-router-usage-accurate";
    String COST_HEADER = "x-router-cost-usd";
    /** The client's fields a converted call left out, comma-separated (docs/protocols.md, "Drops and strict mode"). */
    String DROPPED_HEADER = "x-router-dropped";

    /** HTTP status. */
    int status();

    /** Content type of the body or the stream. */
    String contentType();

    /** Extra response headers ({@code x-router-*}, {@code Retry-After}). */
    Map<String, String> headers();

    /**
     * The same answer with {@code done} run once it is over: at once for a complete answer, when its frames end, fail
     * or are cancelled for a stream. What holds a resource for the length of a call (a tenant's concurrency permit)
     * lets it go here.
     */
    RoutedResponse whenDone(Runnable done);

    /**
     * A complete answer: a routed one, an error, or one made without an upstream.
     *
     * @param usage the usage of an answer an upstream gave; empty for errors and answers made here
     */
    record Complete(int status, String contentType, Map<String, String> headers, byte[] body, Optional<Usage> usage)
            implements RoutedResponse {

        @Override
        public RoutedResponse whenDone(Runnable done) {
            done.run();
            return this;
        }
    }

    /**
     * A streamed answer, status 200: its frames, as the caller takes them (subscribe at most once). Its usage is
     * reported when it ends.
     */
    record Streamed(String contentType, Map<String, String> headers, Multi<byte[]> frames) implements RoutedResponse {

        @Override
        public int status() {
            return 200;
        }

        @Override
        public RoutedResponse whenDone(Runnable done) {
            return new Streamed(contentType, headers, frames.onTermination().invoke(done));
        }
    }
}
