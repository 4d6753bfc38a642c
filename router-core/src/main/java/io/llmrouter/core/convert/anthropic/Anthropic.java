package io.llmrouter.core.convert.anthropic;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;
import io.llmrouter.core.json.Json;

/** The codec of Anthropic Messages ({@code /v1/messages}), both sides of a call. */
public final class Anthropic {

    private Anthropic() {
    }

    /** Anthropic Messages, sending {@code settings.anthropicDefaultMaxTokens()} when a request has no output limit. */
    public static ProtocolCodec codec(ConversionSettings settings) {
        AnthropicRequestEncoder encoder = new AnthropicRequestEncoder(settings.anthropicDefaultMaxTokens());
        return ProtocolCodec.builder(Protocol.ANTHROPIC)
                .requestDecoder((body, ctx) -> AnthropicRequestDecoder.decode(body))
                .responseEncoder(AnthropicResponseEncoder::encode)
                .streamEncoders((request, ctx) -> new AnthropicStreamEncoder(request))
                .errorEncoder(AnthropicErrors::encode)
                .requestEncoder((request, model, key) -> AnthropicWire.request(key, encoder.encode(request, model),
                        request.stream()))
                // The client's own body with only the model replaced (Anthropic streams report usage unasked).
                .passthrough((body, decoded, model, key) -> AnthropicWire.request(key,
                        Json.bytes(body.put("model", model)), decoded.stream()))
                .responseDecoder(AnthropicResponseDecoder::decode)
                .streamDecoders(AnthropicStreamDecoder::new)
                .errorDecoder(AnthropicErrors::decode)
                .build();
    }
}
