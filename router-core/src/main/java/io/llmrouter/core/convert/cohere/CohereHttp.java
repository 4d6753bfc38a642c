package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** Upstream requests to {@code /v1/chat} and {@code /v2/chat}: the protocol's prefix picks the version. */
final class CohereHttp {

    private CohereHttp() {
    }

    /**
     * A request to {@code <base>/chat} with bearer auth. No {@code Accepts: text/event-stream} for v1: without it
     * Cohere streams NDJSON, which is what the v1 stream decoder reads.
     */
    static UpstreamRequest request(ObjectNode body, Key key, boolean stream) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key.apiKey());
        headers.put("Content-Type", "application/json");
        return new UpstreamRequest(BaseUrls.resolve(key, "/chat"), headers, Json.bytes(body), stream);
    }

    /** Same protocol in and out: the client's JSON with only the model replaced (Cohere streams always carry usage). */
    static UpstreamRequest passthrough(ObjectNode body, String model, Key key) {
        if (model != null) {
            body.put("model", model);
        }
        boolean stream = body.path("stream").asBoolean(false);
        return request(body, key, stream);
    }
}
