package io.llmrouter.core.convert.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.json.Json;
import java.io.IOException;

/**
 * Anthropic {@code usage} objects to {@link TokenCounts} and back. Anthropic's {@code input_tokens} excludes cache
 * reads and writes, the IR's input includes them (docs/protocols.md#answers).
 */
final class AnthropicUsage {

    private AnthropicUsage() {
    }

    /** Usage counts of one Anthropic usage object, possibly partial (stream deltas). */
    record Parts(int input, int cacheRead, int cacheCreation, int output) {

        static final Parts NONE = new Parts(0, 0, 0, 0);

        /** The IR counts: input = input + cache reads + cache writes, cached = cache reads, cache writes kept. */
        TokenCounts counts() {
            return new TokenCounts(input + cacheRead + cacheCreation, output, cacheRead, 0, cacheCreation);
        }

        /** These counts overridden by the fields present in {@code usage} (message_delta repeats some, cumulatively). */
        Parts merge(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return this;
            }
            return new Parts(pick(usage, "input_tokens", input), pick(usage, "cache_read_input_tokens", cacheRead),
                    pick(usage, "cache_creation_input_tokens", cacheCreation), pick(usage, "output_tokens", output));
        }

        private static int pick(JsonNode usage, String field, int current) {
            JsonNode n = usage.get(field);
            return n != null && n.isNumber() && n.canConvertToInt() ? n.asInt() : current;
        }
    }

    /** Decodes a response's usage; null when absent. */
    static TokenCounts decode(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return Parts.NONE.merge(usage).counts();
    }

    /** Writes the usage object of {@link #encode} with a generator; the tree form is built from this. */
    static void write(JsonGenerator g, TokenCounts counts) throws IOException {
        TokenCounts c = counts == null ? TokenCounts.ZERO : counts;
        int cached = cachedWithin(c);
        int written = Math.max(0, Math.min(c.cacheWriteTokens(), c.inputTokens() - cached));
        g.writeStartObject();
        g.writeNumberField("input_tokens", c.inputTokens() - cached - written);
        g.writeNumberField("cache_creation_input_tokens", written);
        g.writeNumberField("cache_read_input_tokens", cached);
        g.writeNumberField("output_tokens", c.outputTokens());
        g.writeEndObject();
    }

    private static int cachedWithin(TokenCounts c) {
        return Math.max(0, Math.min(c.cachedInputTokens(), c.inputTokens()));
    }

    /**
     * Encodes IR counts: {@code input_tokens = input - cached - written}, {@code cache_read_input_tokens = cached},
     * {@code cache_creation_input_tokens = written} (0 from protocols that report no cache writes); the total input is
     * preserved.
     */
    static ObjectNode encode(TokenCounts counts) {
        return Json.objectTree(g -> write(g, counts));
    }
}
