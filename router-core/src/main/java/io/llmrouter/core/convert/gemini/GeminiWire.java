package io.llmrouter.core.convert.gemini;

import io.llmrouter.api.Key;
import io.llmrouter.api.Protocol;
import io.llmrouter.core.wire.BaseUrls;
import io.llmrouter.core.wire.ForwardedHeaders;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The wire of Gemini generateContent: the model in the URL ({@code <base>/models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse}), {@code /v1beta} after a base URL without a path, the key in
 * {@code x-goog-api-key}. A base URL ending in {@code /v1} selects the stable API, whose one difference that matters
 * here is that it knows no {@code systemInstruction} (docs/protocols.md#provider-dialects).
 */
final class GeminiWire {

    /** The version prefix of a base URL without a path: the beta API, which has every feature. */
    static final String PREFIX = "/v1beta";
    /** The resource prefix of a tuned model's name. */
    private static final String TUNED = "tunedModels/";

    /** The caller's quota project, forwarded from a Gemini client only when the key lists it. */
    static final Set<String> ACCOUNT_HEADERS = Set.of("x-goog-user-project");
    private static final Set<Protocol> FAMILY = Set.of(Protocol.GEMINI);

    private GeminiWire() {
    }

    /**
     * Whether the API {@code key} points at takes a {@code systemInstruction}: the stable {@code /v1} API answers 400
     * "Unknown name \"systemInstruction\"".
     */
    static boolean takesSystemInstruction(Key key) {
        return !BaseUrls.resolve(key, PREFIX, "").endsWith("/v1");
    }

    /** The request carrying {@code body} for {@code model} to {@code key}'s host; streams are always asked as SSE. */
    static UpstreamRequest request(Key key, String model, byte[] body, boolean stream, ForwardedHeaders forwarded) {
        return request(key, model, stream ? ":streamGenerateContent?alt=sse" : ":generateContent", body, stream,
                forwarded);
    }

    /** The request carrying {@code body} to {@code method} ({@code :countTokens}...) of {@code model}. */
    static UpstreamRequest request(Key key, String model, String method, byte[] body, boolean stream,
                                   ForwardedHeaders forwarded) {
        String op = resource(model) + method;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-goog-api-key", key.apiKey());
        headers.put("content-type", "application/json");
        forwarded.send(headers, key, FAMILY, Set.of(), ACCOUNT_HEADERS);
        return new UpstreamRequest(BaseUrls.resolve(key, PREFIX, op), headers, body, stream);
    }

    /**
     * The model's resource path: {@code /models/{model}}, or {@code /tunedModels/{name}} for a tuned model; the name
     * is percent-encoded, so whatever it holds stays one path segment.
     */
    static String resource(String model) {
        if (model.startsWith(TUNED)) {
            return "/" + TUNED + BaseUrls.segment(model.substring(TUNED.length()));
        }
        return "/models/" + BaseUrls.segment(GeminiNames.bareModel(model));
    }
}
