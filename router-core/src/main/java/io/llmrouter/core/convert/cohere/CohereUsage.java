package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.TokenCounts;
import io.llmrouter.core.json.Json;

/**
 * Cohere usage ({@code meta} in v1, {@code usage} in v2: {@code billed_units} and {@code tokens}).
 *
 * <p>We count {@code billed_units}, as Portkey does: it is what the account is charged for. {@code tokens} also
 * counts Cohere's hidden prompt template (real fixture: 4 billed vs 70 raw input tokens), which the caller never
 * sent and is not billed for. {@code tokens} is used only when {@code billed_units} is absent.
 * {@code cached_tokens} (v2) is measured against the raw count, so it is capped at the billed input to keep the
 * IR invariant "cached is a subset of input".
 */
final class CohereUsage {

    private CohereUsage() {
    }

    /** Counts from a v1 {@code meta} or v2 {@code usage} object; null when neither sub-object has counts. */
    static TokenCounts decode(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode units = usage.get("billed_units");
        if (!hasCounts(units)) {
            units = usage.get("tokens");
        }
        if (!hasCounts(units)) {
            return null;
        }
        int in = units.path("input_tokens").asInt(0);
        int out = units.path("output_tokens").asInt(0);
        int cached = Math.min(Math.max(usage.path("cached_tokens").asInt(0), 0), in);
        return new TokenCounts(in, out, cached, 0);
    }

    /**
     * Writes {@code billed_units} and {@code tokens} (both from the IR counts; the router cannot know Cohere's
     * template overhead) into {@code target}; {@code cached_tokens} too for v2.
     */
    static void encode(TokenCounts counts, ObjectNode target, boolean v2) {
        if (counts == null) {
            return;
        }
        for (String field : new String[] {"billed_units", "tokens"}) {
            ObjectNode o = target.putObject(field);
            o.put("input_tokens", counts.inputTokens());
            o.put("output_tokens", counts.outputTokens());
        }
        if (v2 && counts.cachedInputTokens() > 0) {
            target.put("cached_tokens", counts.cachedInputTokens());
        }
    }

    /** A v2 {@code usage} object, or null for unknown counts. */
    static ObjectNode v2Object(TokenCounts counts) {
        if (counts == null) {
            return null;
        }
        ObjectNode usage = Json.object();
        encode(counts, usage, true);
        return usage;
    }

    private static boolean hasCounts(JsonNode units) {
        return units != null && units.isObject()
                && (units.path("input_tokens").isNumber() || units.path("output_tokens").isNumber());
    }
}
