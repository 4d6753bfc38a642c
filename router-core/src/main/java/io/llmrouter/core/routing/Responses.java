package io.llmrouter.core.routing;

import io.llmrouter.api.Usage;
import io.llmrouter.api.error.ApiError;
import io.llmrouter.api.error.RouterException;
import io.llmrouter.core.convert.EncodedError;
import io.llmrouter.core.convert.ProtocolCodec;
import io.smallrye.mutiny.Multi;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link RoutedResponse}s: answers with their routing and usage headers, and errors in the client's format.
 * The one place that writes {@code Retry-After}: routed errors, the refusals of {@link Replies} and the failures of
 * {@link LocalAnswers} all come through {@link #headers}.
 */
final class Responses {

    static final String JSON = "application/json";

    private Responses() {
    }

    static RoutedResponse.Complete error(ProtocolCodec client, RouterException e) {
        return error(client, e.error(), e.retryAfterMillis(), null, 0);
    }

    /** An error in the client's format, with the status its protocol gives the error's kind. */
    static RoutedResponse.Complete error(ProtocolCodec client, ApiError error, long retryAfterMillis, String endpoint,
                                         int attempts) {
        EncodedError enc = client.encodeError(error);
        return new RoutedResponse.Complete(enc.status(), enc.contentType(),
                headers(retryAfterMillis, endpoint, attempts), enc.body(), Optional.empty());
    }

    /**
     * The headers of an error: {@code Retry-After} in whole seconds, rounded up, when {@code retryAfterMillis} is not
     * negative (at least 1: 0 would tell a client to retry at once); the endpoint and the attempts when there were any.
     */
    static Map<String, String> headers(long retryAfterMillis, String endpoint, int attempts) {
        Map<String, String> headers = new LinkedHashMap<>(4);
        if (retryAfterMillis >= 0) {
            headers.put("Retry-After", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)));
        }
        if (endpoint != null) {
            headers.put(RoutedResponse.ENDPOINT_HEADER, endpoint);
        }
        if (attempts > 0) {
            headers.put(RoutedResponse.ATTEMPTS_HEADER, Integer.toString(attempts));
        }
        return headers;
    }

    /** The headers of every routed answer: who answered, after how many attempts, what the conversion left out. */
    private static Map<String, String> routed(String endpoint, int attempts, String dropped) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put(RoutedResponse.ENDPOINT_HEADER, endpoint);
        headers.put(RoutedResponse.ATTEMPTS_HEADER, Integer.toString(attempts));
        if (dropped != null) {
            headers.put(RoutedResponse.DROPPED_HEADER, dropped);
        }
        return headers;
    }

    static RoutedResponse answer(byte[] body, String endpoint, int attempts, Usage usage, String dropped) {
        Map<String, String> headers = routed(endpoint, attempts, dropped);
        headers.put(RoutedResponse.INPUT_TOKENS_HEADER, Long.toString(usage.inputTokens()));
        headers.put(RoutedResponse.OUTPUT_TOKENS_HEADER, Long.toString(usage.outputTokens()));
        headers.put(RoutedResponse.USAGE_ACCURATE_HEADER, Boolean.toString(usage.accurate()));
        headers.put(RoutedResponse.COST_HEADER, formatCost(usage.costUsd()));
        return new RoutedResponse.Complete(200, JSON, headers, body, Optional.of(usage));
    }

    /**
     * A count of input tokens: no output tokens and no cost (counting is free); {@code accurate} false marks the
     * router's estimate.
     */
    static RoutedResponse count(byte[] body, String endpoint, int attempts, long inputTokens, boolean accurate,
                                String dropped) {
        Map<String, String> headers = routed(endpoint, attempts, dropped);
        headers.put(RoutedResponse.INPUT_TOKENS_HEADER, Long.toString(inputTokens));
        headers.put(RoutedResponse.USAGE_ACCURATE_HEADER, Boolean.toString(accurate));
        return new RoutedResponse.Complete(200, JSON, headers, body, Optional.empty());
    }

    static RoutedResponse stream(String contentType, Multi<byte[]> frames, String endpoint, int attempts,
                                 String dropped) {
        Map<String, String> headers = routed(endpoint, attempts, dropped);
        headers.put("Cache-Control", "no-cache");
        // Tell buffering reverse proxies (NGINX) to pass frames through as they come.
        headers.put("X-Accel-Buffering", "no");
        return new RoutedResponse.Streamed(contentType, headers, frames);
    }

    /** Cost with enough digits for sub-cent calls, without exponent notation. */
    static String formatCost(double usd) {
        if (usd == 0) {
            return Double.doubleToRawLongBits(usd) == 0 ? "0.00000000" : "-0.00000000";
        }
        if (!Double.isFinite(usd)) {
            return String.format(Locale.ROOT, "%.8f", usd);
        }
        // What %.8f prints (rounding half up from the shortest decimal form of the double), without a Formatter
        // per response.
        return BigDecimal.valueOf(usd).setScale(8, RoundingMode.HALF_UP).toPlainString();
    }
}
