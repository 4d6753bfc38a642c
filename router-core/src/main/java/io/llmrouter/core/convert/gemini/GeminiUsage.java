package io.llmrouter.core.convert.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.json.Fields;
import io.llmrouter.core.json.Json;

/**
 * {@code usageMetadata} ↔ IR counts (docs/protocols.md#answers): Gemini's {@code candidatesTokenCount} excludes
 * {@code thoughtsTokenCount}, the IR's output includes reasoning; {@code promptTokenCount} already includes
 * {@code cachedContentTokenCount}.
 */
final class GeminiUsage {

    private GeminiUsage() {
    }

    /** IR counts, or null when the answer carries no usage. */
    static TokenCounts decode(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int thoughts = Fields.count(GeminiNames.field(usage, "thoughtsTokenCount"));
        return new TokenCounts(Fields.count(GeminiNames.field(usage, "promptTokenCount")),
                Fields.count(GeminiNames.field(usage, "candidatesTokenCount")) + thoughts,
                Fields.count(GeminiNames.field(usage, "cachedContentTokenCount")), thoughts);
    }

    /** The {@code usageMetadata} object for IR counts. */
    static ObjectNode encode(TokenCounts counts) {
        ObjectNode u = Json.object();
        int reasoning = Math.min(Math.max(counts.reasoningTokens(), 0), counts.outputTokens());
        u.put("promptTokenCount", counts.inputTokens());
        u.put("candidatesTokenCount", counts.outputTokens() - reasoning);
        if (reasoning > 0) {
            u.put("thoughtsTokenCount", reasoning);
        }
        u.put("totalTokenCount", counts.totalTokens());
        if (counts.cachedInputTokens() > 0) {
            u.put("cachedContentTokenCount", counts.cachedInputTokens());
        }
        return u;
    }
}
