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

/** Builds {@link RoutedResponse}s: answers with their routing and usage headers, and errors in the client's format. */
final class Responses {

    static final String JSON = "application/json";

    private Responses() {
    }

    static RoutedResponse error(ProtocolCodec client, RouterException e) {
        return error(client, e.error(), e.retryAfterMillis(), null, 0);
    }

    static RoutedResponse error(ProtocolCodec client, ApiError error, long retryAfterMillis, String endpoint,
                                int attempts) {
        EncodedError enc = client.encodeError(error);
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
        return new RoutedResponse(enc.status(), enc.contentType(), headers, enc.body(), null, null);
    }

    static RoutedResponse answer(byte[] body, String endpoint, int attempts, Usage usage, String dropped) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put(RoutedResponse.ENDPOINT_HEADER, endpoint);
        headers.put(RoutedResponse.ATTEMPTS_HEADER, Integer.toString(attempts));
        if (dropped != null) {
            headers.put(RoutedResponse.DROPPED_HEADER, dropped);
        }
        headers.put(RoutedResponse.INPUT_TOKENS_HEADER, Long.toString(usage.inputTokens()));
        headers.put(RoutedResponse.OUTPUT_TOKENS_HEADER, Long.toString(usage.outputTokens()));
        headers.put(RoutedResponse.USAGE_ACCURATE_HEADER, Boolean.toString(usage.accurate()));
        headers.put(RoutedResponse.COST_HEADER, formatCost(usage.costUsd()));
        return new RoutedResponse(200, JSON, headers, body, null, usage);
    }

    static RoutedResponse stream(String contentType, Multi<byte[]> frames, String endpoint, int attempts,
                                 String dropped) {
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(RoutedResponse.ENDPOINT_HEADER, endpoint);
        headers.put(RoutedResponse.ATTEMPTS_HEADER, Integer.toString(attempts));
        if (dropped != null) {
            headers.put(RoutedResponse.DROPPED_HEADER, dropped);
        }
        headers.put("Cache-Control", "no-cache");
        // Tell buffering reverse proxies (NGINX) to pass frames through as they come.
        headers.put("X-Accel-Buffering", "no");
        return new RoutedResponse(200, contentType, headers, null, frames, null);
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
