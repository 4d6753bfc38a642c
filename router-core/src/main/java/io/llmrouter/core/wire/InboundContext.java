package io.llmrouter.core.wire;

/**
 * What the client's route says beyond the body.
 *
 * @param pathModel model from the URL (Gemini {@code /models/{model}:...}); null for other protocols
 * @param streamRoute true when the route itself means streaming (Gemini {@code :streamGenerateContent})
 * @param sse       for Gemini streams: {@code alt=sse} (SSE chunks) versus the JSON-array form
 * @param headers   the client's request headers, read only while the call is prepared (the client protocol's
 *                  allow-list is copied into {@link ForwardedHeaders}); {@link HeaderLookup#NONE} for none
 */
public record InboundContext(String pathModel, boolean streamRoute, boolean sse, HeaderLookup headers) {

    /** Context of routes that carry everything in the body (OpenAI, Anthropic, Cohere). */
    public static final InboundContext BODY_ONLY = new InboundContext(null, false, true);

    public InboundContext {
        headers = headers == null ? HeaderLookup.NONE : headers;
    }

    public InboundContext(String pathModel, boolean streamRoute, boolean sse) {
        this(pathModel, streamRoute, sse, HeaderLookup.NONE);
    }

    /** Gemini route context. */
    public static InboundContext gemini(String model, boolean stream, boolean sse) {
        return new InboundContext(model, stream, sse);
    }

    /** The same context with the client's request headers. */
    public InboundContext withHeaders(HeaderLookup requestHeaders) {
        return new InboundContext(pathModel, streamRoute, sse, requestHeaders);
    }
}
