package io.llmrouter.core.convert.cohere;

import io.llmrouter.api.Protocol;
import io.llmrouter.core.convert.ConversionSettings;
import io.llmrouter.core.convert.ProtocolCodec;

/** The codecs of Cohere Chat v1 ({@code /v1/chat}, NDJSON streams) and v2 ({@code /v2/chat}, SSE), both sides. */
public final class Cohere {

    private Cohere() {
    }

    /** Cohere Chat v1; it takes no settings. */
    public static ProtocolCodec v1(ConversionSettings settings) {
        return ProtocolCodec.builder(Protocol.COHERE)
                .requestDecoder((body, ctx) -> CohereV1RequestDecoder.decode(body))
                .responseEncoder((response, request) -> CohereV1ResponseEncoder.encode(response))
                .streamEncoders((request, ctx) -> new CohereV1StreamEncoder())
                .errorEncoder(CohereErrors::encode)
                .requestEncoder((request, model, key) -> CohereWire.V1.request(key,
                        CohereV1RequestEncoder.encode(request, model), request.stream()))
                .passthrough((body, decoded, model, key) -> CohereWire.V1.passthrough(key, body, model))
                .responseDecoder(CohereV1ResponseDecoder::decode)
                .streamDecoders(CohereV1StreamDecoder::new)
                .errorDecoder(CohereErrors::decode)
                .build();
    }

    /** Cohere Chat v2; it takes no settings. */
    public static ProtocolCodec v2(ConversionSettings settings) {
        return ProtocolCodec.builder(Protocol.COHERE_V2)
                .requestDecoder((body, ctx) -> CohereV2RequestDecoder.decode(body))
                .responseEncoder((response, request) -> CohereV2ResponseEncoder.encode(response))
                .streamEncoders((request, ctx) -> new CohereV2StreamEncoder())
                .errorEncoder(CohereErrors::encode)
                .requestEncoder((request, model, key) -> CohereWire.V2.request(key,
                        CohereV2RequestEncoder.encode(request, model), request.stream()))
                .passthrough((body, decoded, model, key) -> CohereWire.V2.passthrough(key, body, model))
                .responseDecoder(CohereV2ResponseDecoder::decode)
                .streamDecoders(CohereV2StreamDecoder::new)
                .errorDecoder(CohereErrors::decode)
                .build();
    }
}
