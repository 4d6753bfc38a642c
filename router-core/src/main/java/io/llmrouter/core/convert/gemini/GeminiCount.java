package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.CountAnswers;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.InboundContext;
import io.llmrouter.core.wire.UpstreamRequest;

/**
 * Token counting the Gemini way: {@code POST <base>/models/{model}:countTokens} with the whole generateContent
 * request in {@code generateContentRequest} (so system instruction, tools and config are counted too), and
 * {@code {"totalTokens": N}} back.
 */
final class GeminiCount {

    private static final String TOTAL_TOKENS = "totalTokens";

    private static final String WRAPPED = "generateContentRequest";

    private final GeminiRequestEncoder encoder;
    private final GeminiRequestDecoder decoder;

    GeminiCount(GeminiRequestEncoder encoder, GeminiRequestDecoder decoder) {
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /**
     * A Gemini client's count body: {@code {contents}}, or a whole generateContent request in
     * {@code generateContentRequest} (its {@code model} is the URL's, which names the model routed by).
     */
    ChatRequest decodeRequest(ObjectNode body, InboundContext ctx, Drops drops) {
        JsonNode wrapped = body.get(WRAPPED);
        if (wrapped == null) {
            return decoder.decode(body, ctx, drops);
        }
        if (body.size() > 1) {
            throw Fields.invalid(WRAPPED, "cannot come with other fields");
        }
        ObjectNode inner = Fields.object(wrapped, WRAPPED).deepCopy();
        inner.remove("model");
        return decoder.decode(inner, ctx, drops);
    }

    /**
     * The count request for {@code request}, converted as a generateContent call to the same model would be; a Gemini
     * client's body is converted too (its count form is not the generateContent body countTokens counts best).
     */
    UpstreamRequest request(ChatRequest request, ObjectNode clientBody, Outbound out) {
        ObjectNode inner = Json.parseObject(encoder.encode(request, out.model(),
                GeminiWire.takesSystemInstruction(out.key()), out.drops()), "count body");
        String model = out.model().startsWith("tunedModels/") ? out.model()
                : "models/" + GeminiNames.bareModel(out.model());
        ObjectNode generate = Json.object().put("model", model);
        generate.setAll(inner);
        ObjectNode body = Json.object();
        body.set(WRAPPED, generate);
        return GeminiWire.request(out.key(), out.model(), ":countTokens", Json.bytes(body), false, out.headers());
    }

    /** The count an answer gives; a runtime exception when it has none. */
    static long decode(byte[] body) {
        return CountAnswers.read(body, TOTAL_TOKENS);
    }

    /** A count as Gemini's clients receive it. */
    static byte[] encode(long inputTokens) {
        return CountAnswers.write(TOTAL_TOKENS, inputTokens);
    }
}
