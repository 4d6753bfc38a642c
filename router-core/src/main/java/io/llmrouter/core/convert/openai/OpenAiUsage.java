package io.llmrouter.core.convert.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.json.Json;
import java.io.IOException;

/** {@code usage} objects in both directions; OpenAI semantics are the IR's (input includes cached tokens). */
public final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** Counts from a {@code usage} node, or null when absent or null. */
    public static TokenCounts decode(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt(0);
        if (cached == 0) {
            // DeepSeek reports cache hits in its own field instead of prompt_tokens_details.
            cached = usage.path("prompt_cache_hit_tokens").asInt(0);
        }
        return new TokenCounts(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0), cached,
                usage.path("completion_tokens_details").path("reasoning_tokens").asInt(0));
    }

    /** Writes the OpenAI {@code usage} object for counts; {@link #encode}'s tree is built from this. */
    public static void write(JsonGenerator g, TokenCounts counts) throws IOException {
        g.writeStartObject();
        g.writeNumberField("prompt_tokens", counts.inputTokens());
        g.writeNumberField("completion_tokens", counts.outputTokens());
        g.writeNumberField("total_tokens", counts.totalTokens());
        g.writeObjectFieldStart("prompt_tokens_details");
        g.writeNumberField("cached_tokens", counts.cachedInputTokens());
        g.writeEndObject();
        g.writeObjectFieldStart("completion_tokens_details");
        g.writeNumberField("reasoning_tokens", counts.reasoningTokens());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The OpenAI {@code usage} object for counts. */
    public static ObjectNode encode(TokenCounts counts) {
        return Json.objectTree(g -> write(g, counts));
    }
}
