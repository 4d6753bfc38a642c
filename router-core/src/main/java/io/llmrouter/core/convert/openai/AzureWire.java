package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.Key;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.UpstreamRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The wire of Azure OpenAI: OpenAI's bodies and streams, the deployment (the endpoint's model) in the URL, the key in
 * an {@code api-key} header. The base URL is the resource URL ({@code https://{resource}.openai.azure.com}); a base
 * whose path ends in {@code /openai/v1} selects the v1 API ({@code {base}/chat/completions}, no api-version,
 * deployment in the body), anything else the classic deployment URL with {@code api-version}
 * (docs/protocols.md#provider-dialects).
 */
final class AzureWire {

    /** The operation of chat completions. */
    static final String CHAT = "/chat/completions";
    /** The operation of embeddings. */
    static final String EMBEDDINGS = "/embeddings";

    private AzureWire() {
    }

    /** The chat completions request carrying {@code body} to {@code deployment} on {@code key}'s resource. */
    static UpstreamRequest request(Key key, String deployment, ObjectNode body, boolean stream,
                                   ForwardedHeaders forwarded) {
        return request(key, deployment, CHAT, body, stream, forwarded);
    }

    /** The request carrying {@code body} to {@code operation} ({@code /embeddings}...) of {@code deployment}. */
    static UpstreamRequest request(Key key, String deployment, String operation, ObjectNode body, boolean stream,
                                   ForwardedHeaders forwarded) {
        // The body keeps model = deployment: the v1 API reads it, the classic API ignores it.
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("api-key", key.apiKey());
        headers.put("Content-Type", "application/json");
        headers.put("Accept", stream ? "text/event-stream" : "application/json");
        // Azure takes none of OpenAI's own headers from callers: only what the key configures.
        forwarded.send(headers, key, Set.of(), Set.of(), Set.of());
        return new UpstreamRequest(url(key, deployment, operation), headers, Json.bytes(body), stream);
    }

    /** The URL of {@code operation} ({@code /chat/completions}, {@code /embeddings}) for {@code deployment}. */
    static String url(Key key, String deployment, String operation) {
        String base = BaseUrls.trimmed(key);
        if (base.endsWith("/openai/v1")) {
            return base + operation;
        }
        if (base.endsWith("/openai")) {
            // Tolerate a base URL copied with the /openai segment: it must not be doubled.
            base = base.substring(0, base.length() - "/openai".length());
        }
        // Deployment names are used as configured (no dot stripping as one-api does): they are the user's names.
        return base + "/openai/deployments/" + BaseUrls.segment(deployment) + operation + "?api-version="
                + URLEncoder.encode(key.effectiveApiVersion(), StandardCharsets.UTF_8);
    }
}
