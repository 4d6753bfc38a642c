package io.llmrouter.core.convert.cohere;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.api.chat.ChatRequest;

/** Sampling fields, spelled the same in v1 and v2: {@code temperature, p, k, max_tokens, stop_sequences, ...}. */
final class CohereSampling {

    private CohereSampling() {
    }

    /** Reads the sampling fields and the stream flag into the builder. */
    static void decode(ObjectNode body, ChatRequest.Builder b) {
        b.temperature(CohereJson.optDouble(body, "temperature"))
                .topP(CohereJson.optDouble(body, "p"))
                .topK(CohereJson.optInt(body, "k"))
                .maxTokens(CohereJson.optInt(body, "max_tokens"))
                .stop(CohereJson.stringList(body, "stop_sequences"))
                .seed(CohereJson.optLong(body, "seed"))
                .presencePenalty(CohereJson.optDouble(body, "presence_penalty"))
                .frequencyPenalty(CohereJson.optDouble(body, "frequency_penalty"));
        boolean stream = CohereJson.optBool(body, "stream");
        // Cohere streams always end with usage (stream-end / message-end), so its clients expect it.
        b.stream(stream).includeUsage(stream);
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
