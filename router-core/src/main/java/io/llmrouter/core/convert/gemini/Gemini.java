package io.llmrouter.core.convert.gemini;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;

/** The codec of Gemini generateContent ({@code /v1beta/models/{model}:generateContent}), both sides of a call. */
public final class Gemini {

    private Gemini() {
    }

    /** Gemini generateContent; it takes no settings. */
    public static ProtocolCodec codec(ConversionSettings settings) {
        GeminiRequestDecoder requests = new GeminiRequestDecoder();
        GeminiRequestEncoder encoder = new GeminiRequestEncoder();
        GeminiResponseDecoder answers = new GeminiResponseDecoder();
        GeminiResponseEncoder responses = new GeminiResponseEncoder();
        GeminiErrors errors = new GeminiErrors();
        return ProtocolCodec.builder(Protocol.GEMINI)
                .requestDecoder(requests::decode)
                .responseEncoder((response, request) -> responses.encode(response))
                .streamEncoders((request, ctx) -> new GeminiStreamEncoder(ctx == null || ctx.sse()))
                .errorEncoder(errors::encode)
                .requestEncoder((request, model, key) -> GeminiWire.request(key, model,
                        encoder.encode(request, GeminiWire.takesSystemInstruction(key)), request.stream()))
                // The client's body goes out as sent: the model lives in the URL, Gemini streams usage anyway.
                .passthrough((body, decoded, model, key) -> GeminiWire.request(key, model, Json.bytes(body),
                        decoded.stream()))
                .responseDecoder(answers::decode)
                .streamDecoders(GeminiStreamDecoder::new)
                .errorDecoder(errors::decode)
                .build();
    }
}
