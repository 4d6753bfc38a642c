package io.llmrouter.core.wire;

/**
 * What the client's route says beyond the body.
 *
 * @param pathModel model from the URL (Gemini {@code /models/{model}:...}); null for other protocols
 * @param streamRoute true when the route itself means streaming (Gemini {@code :streamGenerateContent})
 * @param sse       for Gemini streams: {@code alt=sse} (SSE chunks) versus the JSON-array form
 */
public record InboundContext(String pathModel, boolean streamRoute, boolean sse) {

    /** Context of routes that carry everything in the body (OpenAI, Anthropic, Cohere). */
    public static final InboundContext BODY_ONLY = new InboundContext(null, false, true);

    /** Gemini route context. */
    public static InboundContext gemini(String model, boolean stream, boolean sse) {
        return new InboundContext(model, stream, sse);
    }
}
