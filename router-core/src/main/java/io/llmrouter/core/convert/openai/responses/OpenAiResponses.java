package io.llmrouter.core.convert.openai.responses;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;
import java.time.Clock;

/**
 * The codec of OpenAI Responses ({@code /v1/responses}), both sides of a call (docs/protocols.md#openai-responses).
 * Part of the OpenAI slice: its errors are OpenAI's, and OpenAI's own API has the same rules for its reasoning
 * models.
 */
public final class OpenAiResponses {

    private OpenAiResponses() {
    }

    /** OpenAI Responses, stamping answers with {@code settings.clock()}. */
    public static ProtocolCodec codec(ConversionSettings settings) {
        Clock clock = settings.clock();
        ResponsesResponseEncoder responses = new ResponsesResponseEncoder(clock);
        return ProtocolCodec.builder(Protocol.OPENAI_RESPONSES)
                .requestDecoder((body, ctx) -> ResponsesRequestDecoder.decode(body))
                .responseEncoder(responses::encode)
                .streamEncoders((request, ctx) -> new ResponsesStreamEncoder(request, clock))
                .errorEncoder(ResponsesErrors::encode)
                .requestEncoder((request, model, key) -> ResponsesWire.request(key,
                        ResponsesRequestEncoder.encode(request, model), request.stream()))
                .passthrough((body, decoded, model, key) -> ResponsesWire.request(key,
                        ResponsesPassthrough.rewrite(body, model), decoded.stream()))
                .responseDecoder(ResponsesResponseDecoder::decode)
                .streamDecoders(ResponsesStreamDecoder::new)
                .errorDecoder(ResponsesErrors::decode)
                .build();
    }
}
