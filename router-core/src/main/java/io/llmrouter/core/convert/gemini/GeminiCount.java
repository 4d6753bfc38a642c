package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.UpstreamRequest;

/**
 * Token counting the Gemini way: {@code POST <base>/models/{model}:countTokens} with the whole generateContent
 * request in {@code generateContentRequest} (so system instruction, tools and config are counted too), and
 * {@code {"totalTokens": N}} back.
 */
final class GeminiCount {

    private static final String TOTAL_TOKENS = "totalTokens";

    private final GeminiRequestEncoder encoder;

    GeminiCount(GeminiRequestEncoder encoder) {
        this.encoder = encoder;
    }

    /** The count request for {@code request}, converted as a generateContent call to the same model would be. */
    UpstreamRequest request(ChatRequest request, ObjectNode clientBody, Outbound out) {
        ObjectNode inner = Json.parseObject(encoder.encode(request, out.model(),
                GeminiWire.takesSystemInstruction(out.key()), out.drops()), "count body");
        String model = out.model().startsWith("tunedModels/") ? out.model()
                : "models/" + GeminiNames.bareModel(out.model());
        ObjectNode generate = Json.object().put("model", model);
        generate.setAll(inner);
        ObjectNode body = Json.object();
        body.set("generateContentRequest", generate);
        return GeminiWire.request(out.key(), out.model(), ":countTokens", Json.bytes(body), false, out.headers());
    }

    /** The count an answer gives; a runtime exception when it has none. */
    static long decode(byte[] body) {
        Long tokens = Fields.optLong(Json.parseObject(body, "count answer").get(TOTAL_TOKENS), TOTAL_TOKENS);
        if (tokens == null || tokens < 0) {
            throw Fields.invalid(TOTAL_TOKENS, "missing or negative");
        }
        return tokens;
    }

    /** A count as Gemini's clients receive it. */
    static byte[] encode(long inputTokens) {
        return Json.bytes(Json.object().put(TOTAL_TOKENS, inputTokens));
    }
}
