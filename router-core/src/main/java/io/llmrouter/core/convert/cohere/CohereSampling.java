package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;
import io.llmrouter.api.chat.ContentPart;
import io.llmrouter.api.chat.Message;
import io.llmrouter.core.convert.Drops;
import io.llmrouter.core.convert.IrField;
import io.llmrouter.core.json.Fields;

/** Sampling fields, spelled the same in v1 and v2: {@code temperature, p, k, max_tokens, stop_sequences, ...}. */
final class CohereSampling {

    private CohereSampling() {
    }

    /** Reads the sampling fields and the stream flag into the builder. */
    static void decode(ObjectNode body, ChatRequest.Builder b) {
        b.temperature(Fields.optNumber(body.get("temperature"), "temperature"))
                .topP(Fields.optNumber(body.get("p"), "p"))
                .topK(Fields.optInt(body.get("k"), "k"))
                .maxTokens(Fields.optInt(body.get("max_tokens"), "max_tokens"))
                .stop(Fields.strings(body.get("stop_sequences"), "stop_sequences"))
                .seed(Fields.optLong(body.get("seed"), "seed"))
                .presencePenalty(Fields.optNumber(body.get("presence_penalty"), "presence_penalty"))
                .frequencyPenalty(Fields.optNumber(body.get("frequency_penalty"), "frequency_penalty"));
        boolean stream = Fields.bool(body.get("stream"), "stream", false);
        // Cohere streams always end with usage (stream-end / message-end), so its clients expect it.
        b.stream(stream).includeUsage(stream);
    }

    /** Reports what neither Cohere version has a field for: the end user and metadata. */
    static void lost(ChatRequest r, Drops drops) {
        if (r.user() != null) {
            drops.lost(IrField.USER);
        }
        if (!r.metadata().isEmpty()) {
            drops.lost(IrField.METADATA);
        }
    }

    /** Reports earlier turns' reasoning, which Cohere v1 has no place for. */
    static void reasoningHistoryLost(ChatRequest r, Drops drops) {
        for (Message m : r.messages()) {
            for (ContentPart p : m.content()) {
                if (p instanceof ContentPart.Reasoning) {
                    drops.lost(IrField.REASONING_HISTORY);
                    return;
                }
            }
        }
    }

    /** Writes the sampling fields that are set, and {@code stream} when true. */
    static void encode(ChatRequest r, ObjectNode body) {
        if (r.temperature() != null) {
            body.put("temperature", r.temperature());
        }
        if (r.topP() != null) {
            body.put("p", r.topP());
        }
        if (r.topK() != null) {
            body.put("k", r.topK());
        }
        if (r.maxTokens() != null) {
            body.put("max_tokens", r.maxTokens());
        }
        if (!r.stop().isEmpty()) {
            r.stop().forEach(body.putArray("stop_sequences")::add);
        }
        if (r.seed() != null) {
            body.put("seed", r.seed());
        }
        if (r.presencePenalty() != null) {
            body.put("presence_penalty", r.presencePenalty());
        }
        if (r.frequencyPenalty() != null) {
            body.put("frequency_penalty", r.frequencyPenalty());
        }
        if (r.stream()) {
            body.put("stream", true);
        }
    }
}
