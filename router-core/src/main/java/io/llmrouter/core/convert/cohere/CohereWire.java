package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The wire of Cohere Chat: {@code <base>/chat}, with the version's prefix ({@code /v1}, {@code /v2}) after a base URL
 * without a path, and bearer auth. No {@code Accept: text/event-stream} for v1: without it Cohere streams NDJSON,
 * which is what the v1 stream decoder reads.
 */
enum CohereWire {

    /** Cohere Chat v1. */
    V1("/v1"),
    /** Cohere Chat v2. */
    V2("/v2");

    /** A Cohere client's name for attribution, forwarded to Cohere upstreams of either version. */
    static final Set<String> OPEN_HEADERS = Set.of("x-client-name");
    private static final Set<Protocol> FAMILY = Set.of(Protocol.COHERE, Protocol.COHERE_V2);

    private final String prefix;

    CohereWire(String prefix) {
        this.prefix = prefix;
    }

    /** The chat request carrying {@code body} to {@code key}'s host. */
    UpstreamRequest request(Key key, ObjectNode body, boolean stream, ForwardedHeaders forwarded) {
        return request(key, "/chat", body, stream, forwarded);
    }

    /** The request carrying {@code body} to {@code operation} ({@code /chat}, {@code /embed}) of the version. */
    UpstreamRequest request(Key key, String operation, ObjectNode body, boolean stream, ForwardedHeaders forwarded) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key.apiKey());
        headers.put("Content-Type", "application/json");
        forwarded.send(headers, key, FAMILY, OPEN_HEADERS, Set.of());
        return new UpstreamRequest(BaseUrls.resolve(key, prefix, operation), headers, Json.bytes(body), stream);
    }

    /** Same protocol in and out: the client's body with only the model replaced (Cohere streams always carry usage). */
    UpstreamRequest passthrough(Key key, ObjectNode body, String model, ForwardedHeaders forwarded) {
        if (model != null) {
            body.put("model", model);
        }
        return request(key, body, body.path("stream").asBoolean(false), forwarded);
    }
}
