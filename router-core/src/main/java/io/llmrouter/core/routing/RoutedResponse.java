package io.llmrouter.core.routing;

import io.llmrouter.api.Usage;
import io.smallrye.mutiny.Multi;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    /** When the budget that refused the call, or that is past its soft threshold, resets (an ISO-8601 instant). */
    String BUDGET_RESETS_HEADER = "x-router-budget-resets";
    /** The scopes whose budget is past its soft threshold: {@code tenant}, {@code key} or {@code tenant,key}. */
    String BUDGET_SOFT_LIMIT_HEADER = "x-router-budget-soft-limit";
    /** The highest share of a budget used among those past their soft threshold, in percent, one decimal. */
    String BUDGET_USED_HEADER = "x-router-budget-used-percent";
    /** The input price ceiling (USD per 1K tokens) a call past its budget's soft threshold was planned under. */
    String DOWNGRADED_HEADER = "x-router-downgraded";

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

    /** The same answer with {@code extra} headers added (over any of the same name). */
    RoutedResponse withHeaders(Map<String, String> extra);

    /** {@code headers} and {@code extra} in one map. */
    private static Map<String, String> merged(Map<String, String> headers, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(extra);
        return Collections.unmodifiableMap(all);
    }

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

        @Override
        public RoutedResponse withHeaders(Map<String, String> extra) {
            return new Complete(status, contentType, merged(headers, extra), body, usage);
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

        @Override
        public RoutedResponse withHeaders(Map<String, String> extra) {
            return new Streamed(contentType, merged(headers, extra), frames);
        }
    }
}
