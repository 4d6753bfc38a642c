package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.core.convert.CountAnswers;
import io.llmrouter.core.convert.Outbound;
import io.llmrouter.core.json.Json;
import io.llmrouter.core.wire.UpstreamRequest;
import java.util.Set;

/**
 * Token counting the Anthropic way: {@code POST <base>/messages/count_tokens} upstream, {@code {"input_tokens": N}}
 * in and out.
 */
final class AnthropicCount {

    static final String PATH = "/messages/count_tokens";
    /**
     * The fields of a Messages body that count_tokens takes; a converted count sends no others ({@code max_tokens},
     * sampling, {@code stream} and {@code metadata} say nothing about the input).
     */
    static final Set<String> FIELDS = Set.of("model", "messages", "system", "tools", "tool_choice", "thinking",
            "output_config", "cache_control");
    private static final String INPUT_TOKENS = "input_tokens";

    private final AnthropicRequestEncoder encoder;

    AnthropicCount(AnthropicRequestEncoder encoder) {
        this.encoder = encoder;
    }

    /**
     * The count request: an Anthropic client's body as sent (model replaced, history made valid as for a forwarded
     * call), or the converted request restricted to {@link #FIELDS}.
     */
    UpstreamRequest request(ChatRequest request, ObjectNode clientBody, Outbound out) {
        if (clientBody != null) {
            AnthropicThinking.adaptPassthrough(clientBody, out.drops());
            return AnthropicWire.request(out.key(), PATH, Json.bytes(clientBody.put("model", out.model())), false,
                    out.headers(), Set.of(), out.drops());
        }
        AnthropicRequestEncoder.Encoded encoded = encoder.encode(request, out.model(), out.drops());
        ObjectNode body = Json.parseObject(encoded.body(), "count body");
        body.retain(FIELDS);
        return AnthropicWire.request(out.key(), PATH, Json.bytes(body), false, out.headers(), encoded.betas(),
                out.drops());
    }

    /** The count an answer gives; a runtime exception when it has none. */
    static long decode(byte[] body) {
        return CountAnswers.read(body, INPUT_TOKENS);
    }

    /** A count as Anthropic's clients receive it. */
    static byte[] encode(long inputTokens) {
        return CountAnswers.write(INPUT_TOKENS, inputTokens);
    }
}
