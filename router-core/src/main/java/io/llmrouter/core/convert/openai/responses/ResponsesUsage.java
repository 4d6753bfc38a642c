package io.llmrouter.core.convert.openai.responses;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.json.Fields;
import java.io.IOException;

/**
 * The {@code usage} object of a response, in both directions. Its semantics are the IR's: cached tokens are part of
 * the input, reasoning tokens part of the output. Newer answers add {@code input_tokens_details.cache_write_tokens},
 * which has no place in the IR yet and is not read.
 */
final class ResponsesUsage {

    private ResponsesUsage() {
    }

    /** Counts from a {@code usage} node, or null when absent or null. */
    static TokenCounts decode(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new TokenCounts(Fields.count(usage.get("input_tokens")), Fields.count(usage.get("output_tokens")),
                Fields.count(usage.path("input_tokens_details").get("cached_tokens")),
                Fields.count(usage.path("output_tokens_details").get("reasoning_tokens")));
    }

    /** Writes the {@code usage} object; all five fields always (openai-java requires each of them). */
    static void write(JsonGenerator g, TokenCounts counts) throws IOException {
        TokenCounts c = counts == null ? TokenCounts.ZERO : counts;
        g.writeStartObject();
        g.writeNumberField("input_tokens", c.inputTokens());
        g.writeObjectFieldStart("input_tokens_details");
        g.writeNumberField("cached_tokens", c.cachedInputTokens());
        g.writeEndObject();
        g.writeNumberField("output_tokens", c.outputTokens());
        g.writeObjectFieldStart("output_tokens_details");
        g.writeNumberField("reasoning_tokens", c.reasoningTokens());
        g.writeEndObject();
        g.writeNumberField("total_tokens", c.totalTokens());
        g.writeEndObject();
    }
}
