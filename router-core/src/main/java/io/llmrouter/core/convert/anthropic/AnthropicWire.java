package io.llmrouter.core.convert.anthropic;

import io.llmrouter.api.Key;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire of Anthropic Messages: {@code <base>/messages} ({@code /v1} after a base URL without a path), the key in
 * {@code x-api-key}, and the API version every call must name.
 */
final class AnthropicWire {

    /** Sent by Anthropic clients and required by the API ([APY] {@code _client.py}). */
    static final String API_VERSION = "2023-06-01";
    /** The version prefix of a base URL without a path. */
    static final String PREFIX = "/v1";

    private AnthropicWire() {
    }

    /** The request carrying {@code body} to {@code key}'s host. */
    static UpstreamRequest request(Key key, byte[] body, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", key.apiKey());
        headers.put("anthropic-version", API_VERSION);
        headers.put("content-type", "application/json");
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamRequest(BaseUrls.resolve(key, PREFIX, "/messages"), headers, body, stream);
    }
}
